export type Language = "en" | "ar";

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
  loadFailed: string;
  retry: string;
  noUsers: string;
  noMatches: (query: string) => string;
  loadedCount: (count: string) => string;
  newUser: (name: string) => string;
  newUsers: (count: string) => string;
  connectionLive: string;
  connectionConnecting: string;
  connectionReconnecting: string;
  connectionOffline: string;
};

const en: Messages = {
  appTitle: "Moien Delivery · Users",
  signInTitle: "Sign in",
  signInIntro: "Administrators only.",
  email: "Email",
  password: "Password",
  signIn: "Sign in",
  signingIn: "Signing in…",
  signOut: "Sign out",
  wrongCredentials: "Wrong email or password",
  notAdministrator: "This account is not an administrator",
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
  loadFailed: "The users could not be loaded.",
  retry: "Try again",
  noUsers: "No users yet. New registrations appear here live.",
  noMatches: (query) => `No users match “${query}”.`,
  loadedCount: (count) => `${count} loaded`,
  newUser: (name) => `New user: ${name}`,
  newUsers: (count) => `${count} new users`,
  connectionLive: "Live",
  connectionConnecting: "Connecting…",
  connectionReconnecting: "Reconnecting…",
  connectionOffline: "Offline",
};

const ar: Messages = {
  appTitle: "معين للتوصيل · المستخدمون",
  signInTitle: "تسجيل الدخول",
  signInIntro: "للمسؤولين فقط.",
  email: "البريد الإلكتروني",
  password: "كلمة المرور",
  signIn: "دخول",
  signingIn: "جارٍ الدخول…",
  signOut: "تسجيل الخروج",
  wrongCredentials: "البريد الإلكتروني أو كلمة المرور غير صحيحة",
  notAdministrator: "هذا الحساب ليس حساب مسؤول",
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
  loadFailed: "تعذّر تحميل المستخدمين.",
  retry: "إعادة المحاولة",
  noUsers: "لا يوجد مستخدمون بعد. تظهر التسجيلات الجديدة هنا مباشرةً.",
  noMatches: (query) => `لا يوجد مستخدمون يطابقون «${query}».`,
  loadedCount: (count) => `تم تحميل ${count}`,
  newUser: (name) => `مستخدم جديد: ${name}`,
  newUsers: (count) => `${count} مستخدمين جدد`,
  connectionLive: "مباشر",
  connectionConnecting: "جارٍ الاتصال…",
  connectionReconnecting: "جارٍ إعادة الاتصال…",
  connectionOffline: "غير متصل",
};

export const catalogs: Record<Language, Messages> = { en, ar };

export const languageNames: Record<Language, string> = { en: "English", ar: "العربية" };

export const isLanguage = (value: unknown): value is Language => value === "en" || value === "ar";
