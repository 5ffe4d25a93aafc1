/**
 * Inputs and their folded forms by the contract's search rules. The contracts test checks
 * normalizeSearchText against it; the API test checks the SQL twin against the same table.
 */
export const SEARCH_CORPUS: readonly (readonly [input: string, folded: string])[] = [
  // Arabic: every alef form, tashkeel, tatweel, teh marbuta, alef maksura
  ["أحمد", "احمد"],
  ["إبراهيم", "ابراهيم"],
  ["آمنة", "امنه"],
  ["ٱلله", "الله"],
  ["مُحَمَّد", "محمد"],
  ["مُـحـمـد", "محمد"],
  ["عَلِيّ", "علي"],
  ["فاطمة الزهراء", "فاطمه الزهراء"],
  ["مصطفى", "مصطفي"],
  ["موسى عيسى", "موسي عيسي"],
  ["سُكُوْن", "سكون"],
  ["ؤ ئ", "و ي"],
  ["الْقُرْآن", "القران"],
  // Arabic-Indic and Persian digits
  ["٠١٢٣٤٥٦٧٨٩", "0123456789"],
  ["۰۱۲۳۴۵۶۷۸۹", "0123456789"],
  ["+٣٥٢ ٦٩١ ٢٣٤ ٥٦٧", "+352 691 234 567"],
  // Latin with diacritics, letters NFD leaves whole, expansions
  ["Müller", "muller"],
  ["José", "jose"],
  ["Ångström", "angstrom"],
  ["Øre", "ore"],
  ["Łódź", "lodz"],
  ["Đorđe Ħal-Għaxaq", "dorde hal-ghaxaq"],
  ["Straße", "strasse"],
  ["STRASSE ẞ", "strasse ss"],
  ["Æsir Œuvre Þór", "aesir oeuvre thor"],
  ["Çağrı Şahin", "cagri sahin"],
  ["İstanbul", "istanbul"],
  ["François Noël Zoë", "francois noel zoe"],
  ["Ñandú", "nandu"],
  ["ΟΔΟΣ Σοφία", "οδοσ σοφια"],
  ["ПЁТР Йорк", "петр иорк"],
  // Mixed scripts, white space, invisible characters
  ["  Ahmed \t أحمد\n Müller  ", "ahmed احمد muller"],
  ["Ahmed\u00a0\u2003Ali\u3000Bin", "ahmed ali bin"],
  ["zero\u200bwidth\u200djoin\ufeff", "zerowidthjoin"],
  ["李小龍 Bruce", "李小龍 bruce"],
  // Emails and phones keep their punctuation
  ["Ahmed.Ali+Tag@Example.COM", "ahmed.ali+tag@example.com"],
  ["josé.müller@exämple.lu", "jose.muller@example.lu"],
  ["first_last%100@x.io", "first_last%100@x.io"],
  ["+352 691 234 567", "+352 691 234 567"],
  ["(691) 23-45.67", "(691) 23-45.67"],
  ["", ""],
  ["   ", ""],
];
