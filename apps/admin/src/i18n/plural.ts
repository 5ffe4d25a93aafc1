/** A count's sentence: `n` picks the plural form (Intl.PluralRules), `shown` is `n` already formatted. */
export type Counted = (n: number, shown: string) => string;

export type PluralForms = Partial<Record<Intl.LDMLPluralRule, string>> & { other: string };

/** Arabic has six plural forms (zero, one, two, few, many, other), English two: the rules of the language pick. */
export const plural =
  (locale: string) =>
  (forms: PluralForms): Counted => {
    const rules = new Intl.PluralRules(locale);
    return (n, shown) => (forms[rules.select(n)] ?? forms.other).replace("{n}", shown);
  };
