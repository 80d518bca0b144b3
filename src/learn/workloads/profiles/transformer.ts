import type { LayerProfile, WorkloadProfile } from '../profile.js';
import { attentionMixing, embedding, layerNorm, linear, tiedTo } from './builders.js';

/** Shape of a transformer stack: width d, heads, blocks, tokens per sample L. */
interface Shape {
  readonly width: number;
  readonly heads: number;
  readonly blocks: number;
  readonly tokens: number;
}

/**
 * One pre-LN block (GPT-2, GPT-3) in Hugging Face GPT2Model's names and
 * parameter order: ln_1, the fused Q/K/V projection, attention, the output
 * projection, ln_2, the 4d MLP with GELU.
 */
function preLnBlock(p: string, { width: d, heads, tokens: L }: Shape): LayerProfile[] {
  return [
    layerNorm(`${p}.ln_1`, d, L),
    linear(`${p}.attn.c_attn`, d, 3 * d, L),
    attentionMixing(`${p}.attn.scores`, d, heads, L),
    linear(`${p}.attn.c_proj`, d, d, L),
    layerNorm(`${p}.ln_2`, d, L),
    linear(`${p}.mlp.c_fc`, d, 4 * d, L, { activation: 'gelu' }),
    linear(`${p}.mlp.c_proj`, 4 * d, d, L),
  ];
}

/**
 * One post-LN block (BERT) in Hugging Face BertModel's names and parameter
 * order: Q, K and V (three tensors, one group here), attention, the output
 * projection and its layer norm, the 4d intermediate layer with GELU, the
 * output layer and its layer norm.
 */
function postLnBlock(p: string, { width: d, heads, tokens: L }: Shape): LayerProfile[] {
  return [
    linear(`${p}.attention.self.qkv`, d, 3 * d, L),
    attentionMixing(`${p}.attention.self.scores`, d, heads, L),
    linear(`${p}.attention.output.dense`, d, d, L),
    layerNorm(`${p}.attention.output.LayerNorm`, d, L),
    linear(`${p}.intermediate.dense`, d, 4 * d, L, { activation: 'gelu' }),
    linear(`${p}.output.dense`, 4 * d, d, L),
    layerNorm(`${p}.output.LayerNorm`, d, L),
  ];
}

/** GPT-2's byte-pair vocabulary, also GPT-3's. */
const GPT2_VOCABULARY = 50_257;

/**
 * A GPT-2-style decoder: token and position embeddings, pre-LN blocks, a
 * final layer norm, and the LM head tied to the token embedding (its
 * products count, its weights are wte's; its gradient is summed into wte's,
 * which is why wte's gradient is the last one ready in backward).
 */
function gptLayers(s: Shape): LayerProfile[] {
  const layers: LayerProfile[] = [embedding('wte', GPT2_VOCABULARY, s.width, s.tokens), embedding('wpe', s.tokens, s.width, s.tokens, true)];
  for (let i = 0; i < s.blocks; i++) layers.push(...preLnBlock(`h.${i}`, s));
  layers.push(layerNorm('ln_f', s.width, s.tokens), tiedTo('wte', linear('lm_head', s.width, GPT2_VOCABULARY, s.tokens, { bias: false })));
  return layers;
}

const RADFORD_2019 = 'Radford, Wu, Child, Luan, Amodei, Sutskever. Language Models are Unsupervised Multitask Learners. OpenAI 2019';

/** GPT-2 small and XL (Radford et al. 2019, Table 2) as Hugging Face GPT2LMHeadModel builds them, context 1024. */
function gpt2(name: 'gpt2-small' | 'gpt2-xl', shape: Omit<Shape, 'tokens'>, published: number, paper: string): WorkloadProfile {
  const hf = name === 'gpt2-small' ? 'gpt2' : 'gpt2-xl';
  return {
    name,
    description: `GPT-2 ${name === 'gpt2-small' ? 'small' : 'XL'} (${shape.blocks} blocks, width ${shape.width}, ${shape.heads} heads, context 1024)`,
    sampleUnit: 'sequence of 1024 tokens',
    source: `${RADFORD_2019} (Table 2); layers as Hugging Face GPT2LMHeadModel ("${hf}")`,
    publishedParams: published,
    publishedParamsSource: `Hugging Face ${hf}: ${published.toLocaleString('en-US')} parameters with the LM head tied (Radford et al. 2019, Table 2, state ${paper})`,
    layers: gptLayers({ ...shape, tokens: 1024 }),
  };
}

/**
 * GPT-3 XL, 1.3 B (Brown et al. 2020, Table 2.1: 24 layers, d_model 2048,
 * 24 heads of 128, context 2048), with GPT-2's architecture and vocabulary
 * as the paper says. The head is tied to wte: 1.316 B parameters, which is
 * the table's 1.3 B (an untied head would make it 1.42 B). GPT-3 alternates
 * dense and locally banded sparse attention; every layer's attention is
 * counted dense here (an upper bound: attention is ~13 % of the FLOPs).
 */
function gpt3XL(): WorkloadProfile {
  return {
    name: 'gpt3-1.3b',
    description: 'GPT-3 XL, 1.3 B (24 blocks, width 2048, 24 heads, context 2048)',
    sampleUnit: 'sequence of 2048 tokens',
    source: 'Brown et al. Language Models are Few-Shot Learners. NeurIPS 2020, Table 2.1 (GPT-3 XL); GPT-2 architecture (Radford et al. 2019)',
    publishedParams: 1_300_000_000,
    publishedParamsSource: 'Brown et al. 2020, Table 2.1: 1.3 B (rounded to 0.1 B)',
    layers: gptLayers({ width: 2048, heads: 24, blocks: 24, tokens: 2048 }),
  };
}

/**
 * BERT-base as pre-trained (Devlin et al. 2019): vocabulary 30 522, 512
 * positions, 2 segment types, the embedding layer norm, 12 post-LN blocks of
 * width 768 with 12 heads, the pooler (on the first token), then the
 * pre-training heads as Hugging Face BertForPreTraining builds them: the
 * masked-LM transform (dense + GELU + layer norm) and decoder (weights tied
 * to the word embeddings, its own bias), scoring every position, and the
 * next-sentence classifier on the pooled token. One sample: a sequence of
 * 512 tokens (pre-training's second phase; the first uses 128). Layers are
 * in forward order, which is Hugging Face's parameter order except for the
 * decoder bias (registered there before the transform).
 */
function bertBase(): WorkloadProfile {
  const s: Shape = { width: 768, heads: 12, blocks: 12, tokens: 512 };
  const vocabulary = 30_522;
  const layers: LayerProfile[] = [
    embedding('bert.embeddings.word_embeddings', vocabulary, s.width, s.tokens),
    embedding('bert.embeddings.position_embeddings', 512, s.width, s.tokens, true),
    embedding('bert.embeddings.token_type_embeddings', 2, s.width, s.tokens, true),
    layerNorm('bert.embeddings.LayerNorm', s.width, s.tokens),
  ];
  for (let i = 0; i < s.blocks; i++) layers.push(...postLnBlock(`bert.encoder.layer.${i}`, s));
  const decoder = tiedTo('bert.embeddings.word_embeddings', linear('cls.predictions.decoder', s.width, vocabulary, s.tokens));
  layers.push(
    linear('bert.pooler.dense', s.width, s.width, 1),
    linear('cls.predictions.transform.dense', s.width, s.width, s.tokens, { activation: 'gelu' }),
    layerNorm('cls.predictions.transform.LayerNorm', s.width, s.tokens),
    { ...decoder, params: vocabulary }, // the bias is the decoder's own
    linear('cls.seq_relationship', s.width, 2, 1),
  );
  return {
    name: 'bert-base',
    description: 'BERT-base pre-training (12 blocks, width 768, 12 heads, 512 tokens; masked-LM and next-sentence heads)',
    sampleUnit: 'sequence of 512 tokens',
    source: 'Devlin, Chang, Lee, Toutanova. BERT: Pre-training of Deep Bidirectional Transformers for Language Understanding. NAACL 2019; layers as Hugging Face BertForPreTraining',
    publishedParams: 110_106_428,
    publishedParamsSource: 'Hugging Face bert-base-uncased as BertForPreTraining: 110,106,428 parameters (decoder tied; the encoder alone, BertModel, has 109,482,240); Devlin et al. 2019 §3: 110 M',
    layers,
  };
}

/** The transformer profiles: bert-base, gpt2-small, gpt2-xl, gpt3-1.3b. */
export const TRANSFORMER_PROFILES: readonly WorkloadProfile[] = [
  bertBase(),
  gpt2('gpt2-small', { width: 768, heads: 12, blocks: 12 }, 124_439_808, '117 M'),
  gpt2('gpt2-xl', { width: 1600, heads: 25, blocks: 48 }, 1_557_611_200, '1542 M'),
  gpt3XL(),
];
