/** Names and numbering plans the seed draws from. A name is [as written, ASCII for the email]. */
export type Name = readonly [written: string, ascii: string];

export type CountryPlan = {
  code: string;
  /** Share of the seeded users, out of the sum of every weight. */
  weight: number;
  callingCode: string;
  /** National mobile prefixes whose every subscriber number of `digits` digits is valid (checked in the tests). */
  mobilePrefixes: readonly string[];
  digits: number;
  firstNames: readonly Name[];
  lastNames: readonly Name[];
  domains: readonly string[];
  /** Share of names written in Arabic script (the rest in Latin transliteration). */
  arabicScript?: number;
  arabicFirstNames?: readonly Name[];
  arabicLastNames?: readonly Name[];
};

const n = (written: string, ascii = written): Name => [written, ascii];

const ARABIC_FIRST: readonly Name[] = [
  n("أحمد", "ahmed"), n("مُحَمَّد", "mohamed"), n("محمد", "mohammed"), n("إبراهيم", "ibrahim"), n("فاطمة", "fatima"),
  n("خديجة", "khadija"), n("يوسف", "youssef"), n("عمر", "omar"), n("علي", "ali"), n("مريم", "maryam"), n("ليلى", "layla"),
  n("نور", "nour"), n("سارة", "sara"), n("آمنة", "amina"), n("عائشة", "aicha"), n("حسن", "hassan"), n("حسين", "hussein"),
  n("مصطفى", "mustafa"), n("سلمى", "salma"), n("كريم", "karim"), n("هدى", "houda"), n("رشيد", "rachid"), n("محـمود", "mahmoud"),
];
const ARABIC_LAST: readonly Name[] = [
  n("الأحمد", "alahmad"), n("العلي", "alali"), n("بن علي", "benali"), n("الحسيني", "alhusseini"), n("المصري", "elmasry"),
  n("حدّاد", "haddad"), n("الخوري", "khoury"), n("التونسي", "tounsi"), n("بوزيد", "bouzid"), n("الشامي", "chami"),
  n("الزهراني", "alzahrani"), n("القحطاني", "alqahtani"), n("المنصوري", "almansouri"), n("العمراني", "elamrani"),
  n("إدريسي", "idrissi"), n("عبد الله", "abdallah"), n("السيد", "elsayed"), n("الهاشمي", "hachemi"),
];
const LATIN_ARABIC_FIRST: readonly Name[] = [
  n("Ahmed", "ahmed"), n("Mohamed", "mohamed"), n("Mohammed", "mohammed"), n("Ibrahim", "ibrahim"), n("Fatima", "fatima"),
  n("Fatma", "fatma"), n("Khadija", "khadija"), n("Youssef", "youssef"), n("Omar", "omar"), n("Ali", "ali"), n("Yasmine", "yasmine"),
  n("Leïla", "leila"), n("Nour", "nour"), n("Sara", "sara"), n("Amina", "amina"), n("Aïcha", "aicha"), n("Hassan", "hassan"),
  n("Karim", "karim"), n("Mehdi", "mehdi"), n("Inès", "ines"), n("Rachid", "rachid"), n("Samir", "samir"), n("Zineb", "zineb"),
];
const LATIN_ARABIC_LAST: readonly Name[] = [
  n("El Amrani", "elamrani"), n("Benali", "benali"), n("Haddad", "haddad"), n("Khoury", "khoury"), n("Bouzid", "bouzid"),
  n("El Masry", "elmasry"), n("Idrissi", "idrissi"), n("Ben Salah", "bensalah"), n("Mansour", "mansour"), n("Chami", "chami"),
  n("Al-Zahrani", "alzahrani"), n("Abdallah", "abdallah"), n("Saïdi", "saidi"), n("Hachemi", "hachemi"), n("Trabelsi", "trabelsi"),
];
const ARAB_DOMAINS = ["gmail.com", "hotmail.com", "outlook.com", "yahoo.com", "icloud.com"];
const arab = (code: string, weight: number, callingCode: string, mobilePrefixes: string[], digits: number, domain: string): CountryPlan => ({
  code,
  weight,
  callingCode,
  mobilePrefixes,
  digits,
  firstNames: LATIN_ARABIC_FIRST,
  lastNames: LATIN_ARABIC_LAST,
  domains: [...ARAB_DOMAINS, domain],
  arabicScript: 0.6,
  arabicFirstNames: ARABIC_FIRST,
  arabicLastNames: ARABIC_LAST,
});

export const COUNTRY_PLANS: readonly CountryPlan[] = [
  {
    code: "LU", weight: 20, callingCode: "352", mobilePrefixes: ["621", "628", "661", "668", "691", "698"], digits: 6,
    firstNames: [n("Jean"), n("Marie"), n("Luc"), n("Anne"), n("Paul"), n("Léa", "lea"), n("Chloé", "chloe"), n("Noémie", "noemie"),
      n("Mathéo", "matheo"), n("Ben"), n("Lena"), n("Tom"), n("Joël", "joel"), n("Mia"), n("Gilles"), n("João", "joao")],
    lastNames: [n("Schmit"), n("Müller", "mueller"), n("Muller"), n("Weber"), n("Wagner"), n("Hoffmann"), n("Thill"), n("Kieffer"),
      n("Reuter"), n("Da Silva", "dasilva"), n("Ferreira"), n("Schmitz"), n("Kremer"), n("Becker"), n("Clément", "clement")],
    domains: ["gmail.com", "pt.lu", "post.lu", "outlook.com", "icloud.com"],
  },
  {
    code: "FR", weight: 14, callingCode: "33", mobilePrefixes: ["60", "61", "62", "64", "65", "66", "67", "68"], digits: 7,
    firstNames: [n("Jean"), n("Élodie", "elodie"), n("François", "francois"), n("Zoë", "zoe"), n("Zoe"), n("Hélène", "helene"),
      n("Jérôme", "jerome"), n("Anaïs", "anais"), n("Cécile", "cecile"), n("Noël", "noel"), n("Loïc", "loic"), n("Camille"),
      n("Lucas"), n("Manon"), n("Hugo"), n("Emma")],
    lastNames: [n("Dupont"), n("Lefèvre", "lefevre"), n("Lefevre"), n("Moreau"), n("Girard"), n("Lemaître", "lemaitre"),
      n("Bénard", "benard"), n("Faure"), n("Roux"), n("Martin"), n("Bernard"), n("Petit"), n("Durand"), n("Garçon", "garcon")],
    domains: ["gmail.com", "orange.fr", "free.fr", "laposte.net", "yahoo.fr", "hotmail.fr"],
  },
  {
    code: "DE", weight: 10, callingCode: "49", mobilePrefixes: ["151", "152", "157", "159", "160", "162", "170", "171", "172", "173"], digits: 8,
    firstNames: [n("Jürgen", "juergen"), n("Björn", "bjoern"), n("Jörg", "joerg"), n("Günther", "guenther"), n("Lukas"), n("Anna"),
      n("Sophie"), n("Max"), n("Lena"), n("Felix"), n("Märta", "maerta"), n("Jonas"), n("Paul"), n("Hannah")],
    lastNames: [n("Müller", "mueller"), n("Mueller"), n("Schmidt"), n("Schneider"), n("Fischer"), n("Weiß", "weiss"), n("Groß", "gross"),
      n("Köhler", "koehler"), n("Bäcker", "baecker"), n("Schröder", "schroeder"), n("Wagner"), n("Becker"), n("Hoffmann")],
    domains: ["gmail.com", "web.de", "gmx.de", "t-online.de", "outlook.de"],
  },
  {
    code: "BE", weight: 8, callingCode: "32", mobilePrefixes: ["470", "471", "472", "473", "474", "475", "476", "477", "478", "479", "484", "485", "486", "487", "488", "489", "490", "491", "492", "493", "494", "495", "496", "497", "498", "499"], digits: 6,
    firstNames: [n("Luc"), n("Wout"), n("Sofie"), n("Maëlle", "maelle"), n("Lotte"), n("Arne"), n("Chloé", "chloe"), n("Jan"), n("Louis"), n("Noor")],
    lastNames: [n("Peeters"), n("Janssens"), n("Maes"), n("Dubois"), n("Lambert"), n("Verhoeven"), n("Claes"), n("Goossens"), n("Dupré", "dupre")],
    domains: ["gmail.com", "telenet.be", "skynet.be", "proximus.be", "hotmail.com"],
  },
  {
    code: "PT", weight: 8, callingCode: "351", mobilePrefixes: ["91", "92", "93", "96"], digits: 7,
    firstNames: [n("José", "jose"), n("Jose"), n("João", "joao"), n("Inês", "ines"), n("Conceição", "conceicao"), n("Gonçalo", "goncalo"),
      n("Mário", "mario"), n("Ana"), n("Rui"), n("Beatriz"), n("Tiago"), n("Sofia")],
    lastNames: [n("Silva"), n("Santos"), n("Gonçalves", "goncalves"), n("Araújo", "araujo"), n("Simões", "simoes"), n("Magalhães", "magalhaes"),
      n("Ferreira"), n("Pereira"), n("Costa"), n("Rodrigues"), n("Gomes")],
    domains: ["gmail.com", "sapo.pt", "hotmail.com", "outlook.pt"],
  },
  arab("MA", 10, "212", ["60", "61", "62", "63", "64", "65", "66", "67", "69", "70", "71", "77", "78"], 7, "menara.ma"),
  arab("EG", 7, "20", ["10", "11", "12", "15"], 8, "yahoo.com.eg"),
  arab("SA", 6, "966", ["50", "53", "54", "55", "56", "58", "59"], 7, "stc.com.sa"),
  arab("AE", 5, "971", ["50", "52", "54", "55", "56", "58"], 7, "eim.ae"),
  arab("TN", 4, "216", ["20", "21", "22", "23", "24", "25", "26", "27", "28", "29", "50", "52", "53", "54", "55", "56", "58", "90", "91", "92", "93", "94", "95", "96", "97", "98", "99"], 6, "topnet.tn"),
  arab("DZ", 5, "213", ["55", "65", "66", "67", "69", "77", "78", "79"], 7, "djaweb.dz"),
  arab("LB", 3, "961", ["3", "70", "71", "81"], 6, "idm.net.lb"),
];
