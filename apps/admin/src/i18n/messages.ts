import type { AuditAction, OperatorRole, UpdatableUserField } from "@moien/contracts";

export type Language = "en" | "ar";

/** A count's sentence: `n` picks the plural form (Intl.PluralRules), `shown` is `n` already formatted. */
export type Counted = (n: number, shown: string) => string;

type PluralForms = Partial<Record<Intl.LDMLPluralRule, string>> & { other: string };

/** Arabic has six plural forms (zero, one, two, few, many, other), English two: the rules of the language pick. */
const plural =
  (locale: string) =>
  (forms: PluralForms): Counted => {
    const rules = new Intl.PluralRules(locale);
    return (n, shown) => (forms[rules.select(n)] ?? forms.other).replace("{n}", shown);
  };
const enPlural = plural("en");
const arPlural = plural("ar");

/** Every language provides every key: TypeScript refuses a catalog with a missing or extra one. */
export type Messages = {
  appTitle: string;
  signInTitle: string;
  signInIntro: string;
  email: string;
  password: string;
  signIn: string;
  signingIn: string;
  signOut: string;
  wrongCredentials: string;
  notAdministrator: string;
  sessionExpired: string;
  serverUnreachable: string;
  unexpectedError: string;
  language: string;
  searchLabel: string;
  searchPlaceholder: string;
  usersTable: string;
  columnName: string;
  columnEmail: string;
  columnPhone: string;
  columnCountry: string;
  columnRegistered: string;
  columnActions: string;
  delete: string;
  deleteUser: (name: string) => string;
  confirmTitle: string;
  confirmBody: (name: string, email: string) => string;
  confirmDelete: string;
  cancel: string;
  deleteFailed: (name: string, reason: string) => string;
  dismiss: string;
  loading: string;
  loadingMore: string;
  loadMore: string;
  loadFailed: string;
  retry: string;
  noUsers: string;
  noMatches: (query: string) => string;
  noFilterMatches: string;
  loadedCount: (count: string) => string;
  newUser: (name: string) => string;
  newUsers: (count: string) => string;
  connectionLive: string;
  connectionConnecting: string;
  connectionReconnecting: string;
  connectionOffline: string;
  navLabel: string;
  navUsers: string;
  navAudit: string;
  statsLabel: string;
  statTotal: string;
  statToday: string;
  statLast7Days: string;
  statsFailed: string;
  statsLoading: string;
  chartTitle: string;
  chartDescription: (total: string, peakDay: string, peak: string) => string;
  chartEmpty: string;
  columnDay: string;
  columnRegistrations: string;
  registrations: Counted;
  today: string;
  topCountries: string;
  noCountries: string;
  filtersLabel: string;
  filterCountry: string;
  allCountries: string;
  filterFrom: string;
  filterTo: string;
  clearFilters: string;
  rangeInvalid: string;
  usersCount: Counted;
  matchingUsers: Counted;
  exportCsv: string;
  exportPreparing: string;
  exportStarted: string;
  downloadBackup: string;
  backupStarted: string;
  exportTooMany: (wait: string) => string;
  exportFailed: (reason: string) => string;
  seconds: Counted;
  userDetails: string;
  closePanel: string;
  userId: string;
  loadingUser: string;
  userNotFound: string;
  auditTitle: string;
  auditFilter: string;
  allActions: string;
  columnTime: string;
  columnAction: string;
  columnActor: string;
  columnTarget: string;
  columnDetails: string;
  actorNone: (action: AuditAction) => string;
  auditActions: Record<AuditAction, string>;
  /** Labels of the details an entry may carry (an export's filters); unknown keys are shown as they are. */
  detailLabels: Record<string, string>;
  detailValues: Record<string, string>;
  noAuditEntries: string;
  auditLoadFailed: string;
  auditLoading: string;
  auditCount: Counted;
  updatedUser: (name: string) => string;
  updatedUsers: (count: string) => string;
  suspended: string;
  suspendedUntil: (until: string) => string;
  suspendedIndefinitely: string;
  suspendedBy: (email: string) => string;
  suspendReason: string;
  editUser: string;
  editTitle: string;
  fieldFullName: string;
  fieldCountryCode: string;
  saveChanges: string;
  saving: string;
  saved: string;
  noChanges: string;
  updateFailed: (reason: string) => string;
  suspend: string;
  suspendTitle: string;
  suspendReasonHint: string;
  suspendUntil: string;
  suspendUntilHint: string;
  suspendConfirm: string;
  reinstate: string;
  suspendFailed: (reason: string) => string;
  /** What each field of the edit form needs, said when its value does not fit the contract's schema. */
  fieldInvalid: Record<UpdatableUserField, string>;
  fieldTaken: Record<"email" | "phone", string>;
  navOperators: string;
  navSessions: string;
  signedOut: string;
  codeTitle: string;
  codeIntro: string;
  codeLabel: string;
  verify: string;
  backToPassword: string;
  wrongCode: string;
  passwordRules: string;
  passwordsDiffer: string;
  enrollTitle: string;
  enrollIntro: (email: string) => string;
  newPasswordTitle: string;
  newPassword: string;
  confirmPassword: string;
  enrollAppTitle: string;
  enrollAppOptional: string;
  enrollScan: string;
  enrollQrLabel: string;
  enrollSecretIntro: string;
  enrollFinish: string;
  recoveryTitle: string;
  recoveryWarning: string;
  recoverySaved: string;
  stepUpTitle: string;
  stepUpIntro: string;
  operatorsTitle: string;
  createOperator: string;
  columnRole: string;
  columnFactors: string;
  columnLastSignIn: string;
  columnSessions: string;
  roles: Record<OperatorRole, string>;
  roleOf: (email: string) => string;
  oneTimePasswordShown: (email: string) => string;
  disabled: string;
  you: string;
  factorsSummary: (codesLeft: string) => string;
  noFactor: string;
  never: string;
  enable: string;
  disable: string;
  resetFactors: string;
  endSessions: string;
  confirmDisable: string;
  confirmReset: string;
  confirmEndSessions: string;
  sessionsTitle: string;
  columnSignedIn: string;
  columnLastActive: string;
  columnAddress: string;
  columnDevice: string;
  thisSession: string;
  endSession: string;
  changeMyPassword: string;
  currentPassword: string;
  passwordChanged: string;
  passwordChangeRefused: string;
};

const en: Messages = {
  appTitle: "Moien Delivery · Users",
  signInTitle: "Sign in",
  signInIntro: "Moien operators only.",
  email: "Email",
  password: "Password",
  signIn: "Sign in",
  signingIn: "Signing in…",
  signOut: "Sign out",
  wrongCredentials: "Wrong email or password",
  notAdministrator: "This account is not a Moien operator",
  sessionExpired: "Your session has expired, please sign in again",
  serverUnreachable: "The server cannot be reached. Check your connection and try again.",
  unexpectedError: "Something went wrong. Please try again.",
  language: "Language",
  searchLabel: "Search users",
  searchPlaceholder: "Name, email or phone",
  usersTable: "Registered users",
  columnName: "Name",
  columnEmail: "Email",
  columnPhone: "Phone",
  columnCountry: "Country",
  columnRegistered: "Registered",
  columnActions: "Actions",
  delete: "Delete",
  deleteUser: (name) => `Delete ${name}`,
  confirmTitle: "Delete this user?",
  confirmBody: (name, email) => `${name} (${email}) will be removed permanently. This cannot be undone.`,
  confirmDelete: "Delete user",
  cancel: "Cancel",
  deleteFailed: (name, reason) => `Could not delete ${name}: ${reason}`,
  dismiss: "Dismiss",
  loading: "Loading users…",
  loadingMore: "Loading more…",
  loadMore: "Load more",
  loadFailed: "The users could not be loaded.",
  retry: "Try again",
  noUsers: "No users yet. New registrations appear here live.",
  noMatches: (query) => `No users match “${query}”.`,
  noFilterMatches: "No users match these filters.",
  loadedCount: (count) => `${count} loaded`,
  newUser: (name) => `New user: ${name}`,
  newUsers: (count) => `${count} new users`,
  connectionLive: "Live",
  connectionConnecting: "Connecting…",
  connectionReconnecting: "Reconnecting…",
  connectionOffline: "Offline",
  navLabel: "Sections",
  navUsers: "Users",
  navAudit: "Audit log",
  statsLabel: "Statistics",
  statTotal: "Total users",
  statToday: "Today",
  statLast7Days: "Last 7 days",
  statsFailed: "The statistics could not be loaded.",
  statsLoading: "Loading the statistics…",
  chartTitle: "Registrations per day, last 30 days",
  chartDescription: (total, peakDay, peak) => `${total} in 30 days; the busiest day was ${peakDay} with ${peak}.`,
  chartEmpty: "No registrations in the last 30 days.",
  columnDay: "Day",
  columnRegistrations: "Registrations",
  registrations: enPlural({ one: "{n} registration", other: "{n} registrations" }),
  today: "Today",
  topCountries: "Top countries",
  noCountries: "No users yet.",
  filtersLabel: "Filters",
  filterCountry: "Country",
  allCountries: "All countries",
  filterFrom: "Registered from",
  filterTo: "Registered until",
  clearFilters: "Clear filters",
  rangeInvalid: "The end date is before the start date: the date range is ignored.",
  usersCount: enPlural({ one: "{n} user", other: "{n} users" }),
  matchingUsers: enPlural({ one: "{n} matching user", other: "{n} matching users" }),
  exportCsv: "Export CSV",
  exportPreparing: "Preparing the export…",
  exportStarted: "The download has started: your browser shows its progress and saves the file.",
  downloadBackup: "Download backup",
  backupStarted: "Downloading. It holds every user's personal data: keep it encrypted.",
  exportTooMany: (wait) => `Too many exports, try again in ${wait}.`,
  exportFailed: (reason) => `The export failed: ${reason}`,
  seconds: enPlural({ one: "{n} second", other: "{n} seconds" }),
  userDetails: "User details",
  closePanel: "Close details",
  userId: "User ID",
  loadingUser: "Loading the user…",
  userNotFound: "This user does not exist, or was deleted.",
  auditTitle: "Audit log",
  auditFilter: "Action",
  allActions: "All actions",
  columnTime: "Time",
  columnAction: "Action",
  columnActor: "By",
  columnTarget: "Target",
  columnDetails: "Details",
  actorNone: (action) =>
    action === "user.reinstated" ? "Automatic (end date reached)" : action.startsWith("user.") ? "The user (own account)" : "Admin command",
  auditActions: {
    "user.deleted": "Deleted a user",
    "user.erased": "Erased own account",
    "users.exported": "Exported users to CSV",
    "admin.signed_in": "Signed in",
    "admin.sign_in_failed": "Failed sign-in (wrong password)",
    "admin.created": "Admin created",
    "admin.password_reset": "Admin password reset",
    "user.updated": "Changed a user's profile",
    "user.suspended": "Suspended a user",
    "user.reinstated": "Reinstated a user",
    "user.password_changed": "Changed own password",
    "operator.created": "Added an operator",
    "operator.role_changed": "Changed an operator's role",
    "operator.disabled": "Disabled an operator",
    "operator.enabled": "Enabled an operator",
    "operator.mfa_enrolled": "Enrolled an authenticator app",
    "operator.mfa_reset": "Reset an operator's factors",
    "operator.sessions_ended": "Ended an operator's sessions",
    "backup.downloaded": "Downloaded a backup",
  },
  detailLabels: {
    order: "Order",
    "filters.search": "Search",
    "filters.country": "Country",
    "filters.registeredFrom": "Registered from",
    "filters.registeredTo": "Registered before",
    email: "Admin",
    via: "Through",
    fields: "Changed",
    until: "Until",
    role: "Role",
    from: "From",
    to: "To",
    count: "Sessions",
    schema: "Schema version",
    bytes: "Size (bytes)",
  },
  detailValues: {
    newest: "newest first",
    oldest: "oldest first",
    true: "yes (text not kept)",
    "first-start": "first start",
    command: "admin command",
    console: "the console",
    lapse: "its end date",
    self: "the operator",
    viewer: "viewer",
    support: "support",
    admin: "admin",
    fullName: "name",
    countryCode: "country",
    phone: "phone",
    email: "email",
  },
  noAuditEntries: "No audit entries.",
  auditLoadFailed: "The audit log could not be loaded.",
  auditLoading: "Loading the audit log…",
  auditCount: enPlural({ one: "{n} entry loaded", other: "{n} entries loaded" }),
  updatedUser: (name) => `Updated: ${name}`,
  updatedUsers: (count) => `${count} users updated`,
  suspended: "Suspended",
  suspendedUntil: (until) => `Suspended until ${until}`,
  suspendedIndefinitely: "Suspended until reinstated",
  suspendedBy: (email) => `by ${email}`,
  suspendReason: "Reason",
  editUser: "Edit",
  editTitle: "Edit profile",
  fieldFullName: "Full name",
  fieldCountryCode: "Country code",
  saveChanges: "Save changes",
  saving: "Saving…",
  saved: "Saved.",
  noChanges: "Nothing changed.",
  updateFailed: (reason) => `Could not save: ${reason}`,
  suspend: "Suspend",
  suspendTitle: "Suspend this user",
  suspendReasonHint: "Seen by operators only, never sent to the user or in events.",
  suspendUntil: "Until",
  suspendUntilHint: "Your local time; leave empty to suspend until reinstated.",
  suspendConfirm: "Suspend user",
  reinstate: "Reinstate",
  suspendFailed: (reason) => `Could not change the suspension: ${reason}`,
  fieldInvalid: {
    fullName: "Enter 2 to 100 characters, with letters.",
    countryCode: "Enter a two-letter country code, such as LU.",
    phone: "Enter a valid phone number of the country.",
    email: "Enter a valid email address.",
  },
  fieldTaken: { email: "This email is already registered.", phone: "This phone is already registered." },
  navOperators: "Operators",
  navSessions: "My sessions",
  signedOut: "You are signed out.",
  codeTitle: "Two-step verification",
  codeIntro: "Enter the 6-digit code from your authenticator app, or one of your recovery codes.",
  codeLabel: "Code",
  verify: "Verify",
  backToPassword: "Back to the password",
  wrongCode: "This code is wrong or was used already. Try the next code, or sign in again.",
  passwordRules: "The new password needs 8 to 128 characters.",
  passwordsDiffer: "The two passwords differ.",
  enrollTitle: "Set up your sign-in",
  enrollIntro: (email) => `First sign-in of ${email}: choose your password and add this account to an authenticator app.`,
  newPasswordTitle: "A new password (the one you used was for one time only)",
  newPassword: "New password",
  confirmPassword: "New password again",
  enrollAppTitle: "Your authenticator app",
  enrollAppOptional: "An authenticator app (optional)",
  enrollScan: "Scan this code with Google Authenticator, Microsoft Authenticator, 1Password or any TOTP app.",
  enrollQrLabel: "QR code for your authenticator app",
  enrollSecretIntro: "Or type this key into the app:",
  enrollFinish: "Finish and sign in",
  recoveryTitle: "Your recovery codes",
  recoveryWarning: "Each code signs you in once if you lose your phone. Keep them somewhere safe and offline: they are shown only now.",
  recoverySaved: "I have saved them, continue",
  stepUpTitle: "Confirm it is you",
  stepUpIntro: "Exporting personal data needs a fresh code from your authenticator app (or a recovery code).",
  operatorsTitle: "Operators",
  createOperator: "Add an operator",
  columnRole: "Role",
  columnFactors: "Second factor",
  columnLastSignIn: "Last sign-in",
  columnSessions: "Sessions",
  roles: { viewer: "Viewer", support: "Support", admin: "Admin" },
  roleOf: (email) => `Role of ${email}`,
  oneTimePasswordShown: (email) =>
    `One-time password for ${email} — give it to them in person; it is shown only now and must be changed at first sign-in:`,
  disabled: "Disabled",
  you: "You",
  factorsSummary: (codesLeft) => `Authenticator app · ${codesLeft} recovery codes left`,
  noFactor: "None yet",
  never: "Never",
  enable: "Enable",
  disable: "Disable",
  resetFactors: "Reset factors",
  endSessions: "End sessions",
  confirmDisable: "Disable this operator? Their sessions end now.",
  confirmReset: "Reset this operator's second factor? They enrol again at next sign-in; their sessions end now.",
  confirmEndSessions: "End every session of this operator?",
  sessionsTitle: "My sessions",
  columnSignedIn: "Signed in",
  columnLastActive: "Last active",
  columnAddress: "Address",
  columnDevice: "Device",
  thisSession: "This session",
  endSession: "End",
  changeMyPassword: "Change my password",
  currentPassword: "Current password",
  passwordChanged: "Password changed. Your other sessions have ended.",
  passwordChangeRefused: "The current password is wrong, or the new one does not have 8 to 128 characters.",
};

const ar: Messages = {
  appTitle: "معين للتوصيل · المستخدمون",
  signInTitle: "تسجيل الدخول",
  signInIntro: "لمشغّلي معين فقط.",
  email: "البريد الإلكتروني",
  password: "كلمة المرور",
  signIn: "دخول",
  signingIn: "جارٍ الدخول…",
  signOut: "تسجيل الخروج",
  wrongCredentials: "البريد الإلكتروني أو كلمة المرور غير صحيحة",
  notAdministrator: "هذا الحساب ليس حساب مشغّل لدى معين",
  sessionExpired: "انتهت جلستك، يرجى تسجيل الدخول مرة أخرى",
  serverUnreachable: "تعذّر الوصول إلى الخادم. تحقّق من اتصالك وحاول مجددًا.",
  unexpectedError: "حدث خطأ ما. يرجى المحاولة مرة أخرى.",
  language: "اللغة",
  searchLabel: "البحث عن المستخدمين",
  searchPlaceholder: "الاسم أو البريد أو الهاتف",
  usersTable: "المستخدمون المسجّلون",
  columnName: "الاسم",
  columnEmail: "البريد الإلكتروني",
  columnPhone: "الهاتف",
  columnCountry: "البلد",
  columnRegistered: "تاريخ التسجيل",
  columnActions: "إجراءات",
  delete: "حذف",
  deleteUser: (name) => `حذف ${name}`,
  confirmTitle: "حذف هذا المستخدم؟",
  confirmBody: (name, email) => `سيُحذف ${name} (${email}) نهائيًا. لا يمكن التراجع عن ذلك.`,
  confirmDelete: "حذف المستخدم",
  cancel: "إلغاء",
  deleteFailed: (name, reason) => `تعذّر حذف ${name}: ${reason}`,
  dismiss: "إغلاق",
  loading: "جارٍ تحميل المستخدمين…",
  loadingMore: "جارٍ تحميل المزيد…",
  loadMore: "تحميل المزيد",
  loadFailed: "تعذّر تحميل المستخدمين.",
  retry: "إعادة المحاولة",
  noUsers: "لا يوجد مستخدمون بعد. تظهر التسجيلات الجديدة هنا مباشرةً.",
  noMatches: (query) => `لا يوجد مستخدمون يطابقون «${query}».`,
  noFilterMatches: "لا يوجد مستخدمون يطابقون عوامل التصفية هذه.",
  loadedCount: (count) => `تم تحميل ${count}`,
  newUser: (name) => `مستخدم جديد: ${name}`,
  newUsers: (count) => `${count} مستخدمين جدد`,
  connectionLive: "مباشر",
  connectionConnecting: "جارٍ الاتصال…",
  connectionReconnecting: "جارٍ إعادة الاتصال…",
  connectionOffline: "غير متصل",
  navLabel: "الأقسام",
  navUsers: "المستخدمون",
  navAudit: "سجل التدقيق",
  statsLabel: "الإحصاءات",
  statTotal: "إجمالي المستخدمين",
  statToday: "اليوم",
  statLast7Days: "آخر ٧ أيام",
  statsFailed: "تعذّر تحميل الإحصاءات.",
  statsLoading: "جارٍ تحميل الإحصاءات…",
  chartTitle: "التسجيلات يوميًا، آخر ٣٠ يومًا",
  chartDescription: (total, peakDay, peak) => `${total} خلال ٣٠ يومًا؛ أكثر الأيام نشاطًا ${peakDay} بعدد ${peak}.`,
  chartEmpty: "لا توجد تسجيلات في آخر ٣٠ يومًا.",
  columnDay: "اليوم",
  columnRegistrations: "التسجيلات",
  registrations: arPlural({
    zero: "لا تسجيلات",
    one: "تسجيل واحد",
    two: "تسجيلان",
    few: "{n} تسجيلات",
    many: "{n} تسجيلًا",
    other: "{n} تسجيل",
  }),
  today: "اليوم",
  topCountries: "أكثر البلدان",
  noCountries: "لا يوجد مستخدمون بعد.",
  filtersLabel: "عوامل التصفية",
  filterCountry: "البلد",
  allCountries: "كل البلدان",
  filterFrom: "مسجّل منذ",
  filterTo: "مسجّل حتى",
  clearFilters: "مسح عوامل التصفية",
  rangeInvalid: "تاريخ النهاية قبل تاريخ البداية: تم تجاهل نطاق التاريخ.",
  usersCount: arPlural({
    zero: "لا يوجد مستخدمون",
    one: "مستخدم واحد",
    two: "مستخدمان",
    few: "{n} مستخدمين",
    many: "{n} مستخدمًا",
    other: "{n} مستخدم",
  }),
  matchingUsers: arPlural({
    zero: "لا يوجد مستخدمون مطابقون",
    one: "مستخدم واحد مطابق",
    two: "مستخدمان مطابقان",
    few: "{n} مستخدمين مطابقين",
    many: "{n} مستخدمًا مطابقًا",
    other: "{n} مستخدم مطابق",
  }),
  exportCsv: "تصدير CSV",
  exportPreparing: "جارٍ تحضير التصدير…",
  exportStarted: "بدأ التنزيل: يعرض متصفحك تقدّمه ويحفظ الملف.",
  downloadBackup: "تنزيل نسخة احتياطية",
  backupStarted: "يجري التنزيل. تحتوي على البيانات الشخصية لكل المستخدمين: احفظها مشفّرة.",
  exportTooMany: (wait) => `عدد كبير من عمليات التصدير، حاول مجددًا بعد ${wait}.`,
  exportFailed: (reason) => `فشل التصدير: ${reason}`,
  seconds: arPlural({
    zero: "{n} ثانية",
    one: "ثانية واحدة",
    two: "ثانيتين",
    few: "{n} ثوانٍ",
    many: "{n} ثانية",
    other: "{n} ثانية",
  }),
  userDetails: "تفاصيل المستخدم",
  closePanel: "إغلاق التفاصيل",
  userId: "معرّف المستخدم",
  loadingUser: "جارٍ تحميل المستخدم…",
  userNotFound: "هذا المستخدم غير موجود أو تم حذفه.",
  auditTitle: "سجل التدقيق",
  auditFilter: "الإجراء",
  allActions: "كل الإجراءات",
  columnTime: "الوقت",
  columnAction: "الإجراء",
  columnActor: "بواسطة",
  columnTarget: "الهدف",
  columnDetails: "التفاصيل",
  actorNone: (action) =>
    action === "user.reinstated" ? "تلقائي (انتهى الموعد)" : action.startsWith("user.") ? "المستخدم (حسابه الخاص)" : "أمر المسؤول",
  auditActions: {
    "user.deleted": "حذف مستخدمًا",
    "user.erased": "محا حسابه الخاص",
    "users.exported": "صدّر المستخدمين إلى CSV",
    "admin.signed_in": "سجّل الدخول",
    "admin.sign_in_failed": "فشل تسجيل الدخول (كلمة مرور خاطئة)",
    "admin.created": "إنشاء مسؤول",
    "admin.password_reset": "إعادة تعيين كلمة مرور مسؤول",
    "user.updated": "عدّل ملف مستخدم",
    "user.suspended": "أوقف مستخدمًا",
    "user.reinstated": "أعاد تفعيل مستخدم",
    "user.password_changed": "غيّر كلمة مروره",
    "operator.created": "أضاف مشغّلًا",
    "operator.role_changed": "غيّر دور مشغّل",
    "operator.disabled": "عطّل مشغّلًا",
    "operator.enabled": "فعّل مشغّلًا",
    "operator.mfa_enrolled": "سجّل تطبيق مصادقة",
    "operator.mfa_reset": "أعاد تعيين عوامل مشغّل",
    "operator.sessions_ended": "أنهى جلسات مشغّل",
    "backup.downloaded": "نزّل نسخة احتياطية",
  },
  detailLabels: {
    order: "الترتيب",
    "filters.search": "البحث",
    "filters.country": "البلد",
    "filters.registeredFrom": "مسجّل منذ",
    "filters.registeredTo": "مسجّل قبل",
    email: "المسؤول",
    via: "عبر",
    fields: "ما تغيّر",
    until: "حتى",
    role: "الدور",
    from: "من",
    to: "إلى",
    count: "الجلسات",
    schema: "إصدار المخطط",
    bytes: "الحجم (بايت)",
  },
  detailValues: {
    newest: "الأحدث أولًا",
    oldest: "الأقدم أولًا",
    true: "نعم (لا يُحفظ النص)",
    "first-start": "التشغيل الأول",
    command: "أمر المسؤول",
    console: "لوحة التحكم",
    lapse: "موعد انتهائه",
    self: "المشغّل نفسه",
    viewer: "مُطّلع",
    support: "دعم",
    admin: "مسؤول",
    fullName: "الاسم",
    countryCode: "البلد",
    phone: "الهاتف",
    email: "البريد الإلكتروني",
  },
  noAuditEntries: "لا توجد إدخالات في السجل.",
  auditLoadFailed: "تعذّر تحميل سجل التدقيق.",
  auditLoading: "جارٍ تحميل سجل التدقيق…",
  auditCount: arPlural({
    zero: "لم يُحمَّل أي إدخال",
    one: "تم تحميل إدخال واحد",
    two: "تم تحميل إدخالين",
    few: "تم تحميل {n} إدخالات",
    many: "تم تحميل {n} إدخالًا",
    other: "تم تحميل {n} إدخال",
  }),
  updatedUser: (name) => `تم التحديث: ${name}`,
  updatedUsers: (count) => `تم تحديث ${count} مستخدمين`,
  suspended: "موقوف",
  suspendedUntil: (until) => `موقوف حتى ${until}`,
  suspendedIndefinitely: "موقوف حتى إعادة التفعيل",
  suspendedBy: (email) => `بواسطة ${email}`,
  suspendReason: "السبب",
  editUser: "تعديل",
  editTitle: "تعديل الملف الشخصي",
  fieldFullName: "الاسم الكامل",
  fieldCountryCode: "رمز البلد",
  saveChanges: "حفظ التغييرات",
  saving: "جارٍ الحفظ…",
  saved: "تم الحفظ.",
  noChanges: "لم يتغير شيء.",
  updateFailed: (reason) => `تعذّر الحفظ: ${reason}`,
  suspend: "إيقاف",
  suspendTitle: "إيقاف هذا المستخدم",
  suspendReasonHint: "يراه المشغّلون فقط، ولا يُرسل إلى المستخدم ولا في الأحداث.",
  suspendUntil: "حتى",
  suspendUntilHint: "بتوقيتك المحلي؛ اتركه فارغًا للإيقاف حتى إعادة التفعيل.",
  suspendConfirm: "إيقاف المستخدم",
  reinstate: "إعادة التفعيل",
  suspendFailed: (reason) => `تعذّر تغيير الإيقاف: ${reason}`,
  fieldInvalid: {
    fullName: "أدخل من 2 إلى 100 حرف، تتضمن أحرفًا.",
    countryCode: "أدخل رمز بلد من حرفين، مثل LU.",
    phone: "أدخل رقم هاتف صالحًا لهذا البلد.",
    email: "أدخل بريدًا إلكترونيًا صالحًا.",
  },
  fieldTaken: { email: "هذا البريد الإلكتروني مسجّل مسبقًا.", phone: "رقم الهاتف هذا مسجّل مسبقًا." },
  navOperators: "المشغّلون",
  navSessions: "جلساتي",
  signedOut: "تم تسجيل خروجك.",
  codeTitle: "التحقق بخطوتين",
  codeIntro: "أدخل الرمز المكوّن من 6 أرقام من تطبيق المصادقة، أو أحد رموز الاسترداد.",
  codeLabel: "الرمز",
  verify: "تحقّق",
  backToPassword: "العودة إلى كلمة المرور",
  wrongCode: "هذا الرمز خاطئ أو استُخدم من قبل. جرّب الرمز التالي، أو سجّل الدخول من جديد.",
  passwordRules: "تحتاج كلمة المرور الجديدة إلى 8 حتى 128 حرفًا.",
  passwordsDiffer: "كلمتا المرور مختلفتان.",
  enrollTitle: "إعداد تسجيل الدخول",
  enrollIntro: (email) => `أول تسجيل دخول لـ ${email}: اختر كلمة مرورك وأضف هذا الحساب إلى تطبيق مصادقة.`,
  newPasswordTitle: "كلمة مرور جديدة (التي استخدمتها صالحة لمرة واحدة فقط)",
  newPassword: "كلمة المرور الجديدة",
  confirmPassword: "كلمة المرور الجديدة مرة أخرى",
  enrollAppTitle: "تطبيق المصادقة",
  enrollAppOptional: "تطبيق مصادقة (اختياري)",
  enrollScan: "امسح هذا الرمز بتطبيق Google Authenticator أو Microsoft Authenticator أو 1Password أو أي تطبيق TOTP.",
  enrollQrLabel: "رمز QR لتطبيق المصادقة",
  enrollSecretIntro: "أو اكتب هذا المفتاح في التطبيق:",
  enrollFinish: "إنهاء وتسجيل الدخول",
  recoveryTitle: "رموز الاسترداد",
  recoveryWarning: "كل رمز يسجّل دخولك مرة واحدة إذا فقدت هاتفك. احفظها في مكان آمن غير متصل: لن تظهر إلا الآن.",
  recoverySaved: "حفظتها، تابع",
  stepUpTitle: "أكّد هويتك",
  stepUpIntro: "يتطلب تصدير البيانات الشخصية رمزًا جديدًا من تطبيق المصادقة (أو رمز استرداد).",
  operatorsTitle: "المشغّلون",
  createOperator: "إضافة مشغّل",
  columnRole: "الدور",
  columnFactors: "العامل الثاني",
  columnLastSignIn: "آخر تسجيل دخول",
  columnSessions: "الجلسات",
  roles: { viewer: "مُطّلع", support: "دعم", admin: "مسؤول" },
  roleOf: (email) => `دور ${email}`,
  oneTimePasswordShown: (email) => `كلمة مرور لمرة واحدة لـ ${email} — سلّمها له شخصيًا؛ تظهر الآن فقط ويجب تغييرها عند أول تسجيل دخول:`,
  disabled: "معطّل",
  you: "أنت",
  factorsSummary: (codesLeft) => `تطبيق مصادقة · تبقّى ${codesLeft} من رموز الاسترداد`,
  noFactor: "لا يوجد بعد",
  never: "أبدًا",
  enable: "تفعيل",
  disable: "تعطيل",
  resetFactors: "إعادة تعيين العوامل",
  endSessions: "إنهاء الجلسات",
  confirmDisable: "تعطيل هذا المشغّل؟ تنتهي جلساته الآن.",
  confirmReset: "إعادة تعيين العامل الثاني لهذا المشغّل؟ يسجّله من جديد عند الدخول التالي؛ تنتهي جلساته الآن.",
  confirmEndSessions: "إنهاء كل جلسات هذا المشغّل؟",
  sessionsTitle: "جلساتي",
  columnSignedIn: "بدأت",
  columnLastActive: "آخر نشاط",
  columnAddress: "العنوان",
  columnDevice: "الجهاز",
  thisSession: "هذه الجلسة",
  endSession: "إنهاء",
  changeMyPassword: "تغيير كلمة مروري",
  currentPassword: "كلمة المرور الحالية",
  passwordChanged: "تم تغيير كلمة المرور. انتهت جلساتك الأخرى.",
  passwordChangeRefused: "كلمة المرور الحالية خاطئة، أو الجديدة ليست من 8 حتى 128 حرفًا.",
};

export const catalogs: Record<Language, Messages> = { en, ar };

export const languageNames: Record<Language, string> = { en: "English", ar: "العربية" };

export const isLanguage = (value: unknown): value is Language => value === "en" || value === "ar";
