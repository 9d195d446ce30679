import { createOpenAIFormatAdapter } from '../openai/openai-adapter.js';

/** Vendors and relays that copy OpenAI's API; their quirks live in the vendor presets, not here. */
export const openaiCompatibleAdapter = createOpenAIFormatAdapter('openai-compatible');
