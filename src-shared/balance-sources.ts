/**
 * Vendors whose API tells a key's remaining credit, by the name a provider's `balance` field takes.
 * The names are the vendor presets' ids: the region decides the currency (Moonshot and SiliconFlow
 * bill in CNY on their .cn platforms, in USD on the international ones) and the account system.
 */
export const balanceSources = ['openrouter', 'deepseek', 'moonshot-cn', 'moonshot-ai', 'siliconflow-cn', 'siliconflow-com'] as const;
export type BalanceSource = (typeof balanceSources)[number];

/** A provider's `balance` field: a source, or `none` to never ask even a vendor that could answer. */
export const balanceSettings = [...balanceSources, 'none'] as const;
export type BalanceSetting = (typeof balanceSettings)[number];

/**
 * Yuan per US dollar when the config gives no `currency.cnyPerUsd`. USD/CNY traded around 7.1–7.2
 * through the second half of 2025 (figure set 2025-11); set your own rate for exact credit figures.
 */
export const defaultCnyPerUsd = 7.1;
