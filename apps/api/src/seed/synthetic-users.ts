import { COUNTRY_PLANS, type CountryPlan, type Name } from "./synthetic-people";

export type SyntheticUser = { fullName: string; countryCode: string; phone: string; email: string; createdAt: Date };

const DAY_MS = 86_400_000;
// Coprime with 10, so `sub * SPREAD mod 10^digits` is a bijection: unique numbers that do not look sequential.
const SPREAD = 3_571;

/**
 * Synthetic users as a pure function of a sequence number: the same `seq` always makes the same
 * user, and different numbers never share an email or a phone, so an appending run only has to
 * start past the numbers already used.
 */
export class SyntheticUsers {
  private readonly schedule: { plan: CountryPlan; rank: number }[];
  private readonly period: number;

  constructor(
    private readonly now: Date,
    private readonly spanDays = 730,
    plans: readonly CountryPlan[] = COUNTRY_PLANS,
  ) {
    // One period holds each country `weight` times, interleaved; `rank` numbers a country's slots.
    const slots = plans.flatMap((plan) => Array.from({ length: plan.weight }, (_, rank) => ({ plan, rank })));
    const random = mulberry32(0x5eed);
    for (let i = slots.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [slots[i], slots[j]] = [at(slots, j), at(slots, i)];
    }
    this.schedule = slots;
    this.period = slots.length;
  }

  /** @throws RangeError when `seq` is past the numbering plan of its country. */
  user(seq: number): SyntheticUser {
    const { plan, rank } = at(this.schedule, seq % this.period);
    const ordinal = Math.floor(seq / this.period) * plan.weight + rank;
    const random = mulberry32(seq ^ 0x9e3779b9);
    const arabic = plan.arabicFirstNames && plan.arabicLastNames && random() < (plan.arabicScript ?? 0);
    const first = pick((arabic && plan.arabicFirstNames) || plan.firstNames, random);
    const last = pick((arabic && plan.arabicLastNames) || plan.lastNames, random);
    const domain = pick(plan.domains, random);
    // More recent days get more users (density grows linearly), as a growing service would.
    const age = (1 - Math.sqrt(random())) * this.spanDays * DAY_MS;
    return {
      fullName: `${first[0]} ${last[0]}`,
      countryCode: plan.code,
      phone: phoneOf(plan, ordinal),
      email: `${localPart(first)}.${localPart(last)}.${seq.toString(36)}@${domain}`,
      createdAt: new Date(Math.floor(this.now.getTime() - age)),
    };
  }
}

/** The `ordinal`-th mobile number of the country, E.164. */
export function phoneOf(plan: CountryPlan, ordinal: number): string {
  const prefixes = plan.mobilePrefixes.length;
  const sub = Math.floor(ordinal / prefixes);
  const capacity = 10 ** plan.digits;
  if (sub >= capacity) throw new RangeError(`${plan.code} has no more than ${capacity * prefixes} synthetic numbers`);
  const subscriber = String((sub * SPREAD) % capacity).padStart(plan.digits, "0");
  return `+${plan.callingCode}${plan.mobilePrefixes[ordinal % prefixes]}${subscriber}`;
}

const localPart = (name: Name): string => name[1].toLowerCase().replace(/[^a-z0-9]/g, "");

/** `items[i]`, for an index known to be in range (a RangeError otherwise). */
function at<T>(items: readonly T[], i: number): T {
  const item = items[i];
  if (item === undefined) throw new RangeError(`index ${i} outside 0..${items.length - 1}`);
  return item;
}

const pick = <T>(items: readonly T[], random: () => number): T => at(items, Math.floor(random() * items.length));

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}
