-- Erasure deletes a user's users.created rows from the outbox in the deleting transaction
-- (OutboxRepository.forgetUser): find them by the payload's id instead of scanning the outbox.
CREATE INDEX IF NOT EXISTS "user_events_created_user_idx" ON "user_events" ((payload ->> 'id')) WHERE name = 'users.created';
