import anthropic from '@lobehub/icons-static-svg/icons/claude-color.svg?url&no-inline';
import azure from '@lobehub/icons-static-svg/icons/azure-color.svg?url&no-inline';
import deepseek from '@lobehub/icons-static-svg/icons/deepseek-color.svg?url&no-inline';
import fireworks from '@lobehub/icons-static-svg/icons/fireworks-color.svg?url&no-inline';
import gemini from '@lobehub/icons-static-svg/icons/gemini-color.svg?url&no-inline';
import grok from '@lobehub/icons-static-svg/icons/grok.svg?url&no-inline';
import groq from '@lobehub/icons-static-svg/icons/groq.svg?url&no-inline';
import lmstudio from '@lobehub/icons-static-svg/icons/lmstudio.svg?url&no-inline';
import mistral from '@lobehub/icons-static-svg/icons/mistral-color.svg?url&no-inline';
import moonshot from '@lobehub/icons-static-svg/icons/moonshot.svg?url&no-inline';
import ollama from '@lobehub/icons-static-svg/icons/ollama.svg?url&no-inline';
import openai from '@lobehub/icons-static-svg/icons/openai.svg?url&no-inline';
import openrouter from '@lobehub/icons-static-svg/icons/openrouter.svg?url&no-inline';
import perplexity from '@lobehub/icons-static-svg/icons/perplexity-color.svg?url&no-inline';
import qwen from '@lobehub/icons-static-svg/icons/qwen-color.svg?url&no-inline';
import siliconflow from '@lobehub/icons-static-svg/icons/siliconcloud-color.svg?url&no-inline';
import together from '@lobehub/icons-static-svg/icons/together-color.svg?url&no-inline';
import zai from '@lobehub/icons-static-svg/icons/zai.svg?url&no-inline';
import zhipu from '@lobehub/icons-static-svg/icons/zhipu-color.svg?url&no-inline';

/**
 * Vendor logos (lobehub's icons, MIT). Each is its own file, fetched only when an <img> or mask
 * shows it: nothing here is inlined into a script, and only the providers and welcome pages import
 * this. `mono` logos are drawn in `currentColor`, which an <img> cannot inherit, so they are used as
 * a CSS mask painted with the theme's text colour.
 */
export interface PresetIcon {
  url: string;
  mono: boolean;
}

const color = (url: string): PresetIcon => ({ url, mono: false });
const mono = (url: string): PresetIcon => ({ url, mono: true });

const icons: Record<string, PresetIcon> = {
  openai: mono(openai),
  anthropic: color(anthropic),
  deepseek: color(deepseek),
  gemini: color(gemini),
  xai: mono(grok),
  mistral: color(mistral),
  groq: mono(groq),
  openrouter: mono(openrouter),
  'moonshot-cn': mono(moonshot),
  'moonshot-ai': mono(moonshot),
  'qwen-cn': color(qwen),
  'qwen-intl': color(qwen),
  zhipu: color(zhipu),
  zai: mono(zai),
  'siliconflow-cn': color(siliconflow),
  'siliconflow-com': color(siliconflow),
  together: color(together),
  fireworks: color(fireworks),
  perplexity: color(perplexity),
  ollama: mono(ollama),
  'lm-studio': mono(lmstudio),
  'azure-openai': color(azure),
};

/** The logo for a preset; undefined means the letter badge. */
export function presetIcon(presetId: string | null): PresetIcon | undefined {
  return presetId === null ? undefined : icons[presetId];
}
