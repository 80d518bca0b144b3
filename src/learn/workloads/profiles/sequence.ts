import type { LayerProfile, WorkloadProfile } from '../profile.js';
import { attentionMixing, embedding, layerNorm, linear, lstm } from './layers.js';

/**
 * The 2-layer LSTM language model on Penn Treebank (Zaremba, Sutskever &
 * Vinyals, "Recurrent Neural Network Regularization", 2014: the "large"
 * model, 1500 units per layer, vocabulary 10 000, unrolled 35 steps), as the
 * gTop-k paper's LSTM-PTB: embedding 10 000 × 1500, two LSTM layers, a
 * 1500 → 10 000 decoder (weights not tied). One sample: a sequence of 35 tokens.
 */
function lstmPtb(): WorkloadProfile {
  const steps = 35;
  const layers: LayerProfile[] = [
    embedding('encoder', 10_000, 1500, steps),
    lstm('rnn.l0', 1500, 1500, steps),
    lstm('rnn.l1', 1500, 1500, steps),
    linear('decoder', 1500, 10_000, steps),
  ];
  return {
    name: 'lstm-ptb', description: '2-layer LSTM, 1500 units (Penn Treebank, 35 steps)', sampleUnit: 'sequence of 35 tokens', layers,
    source: 'Zaremba, Sutskever, Vinyals. Recurrent Neural Network Regularization. arXiv:1409.2329, 2014 (large model); LSTM-PTB of Shi et al., gTop-k, 2019',
    publishedParams: 66_000_000, publishedParamsSource: 'Zaremba et al. 2014 (large LSTM: 66 M parameters)',
  };
}

/** One pre-LN (GPT-2) or post-LN (BERT) transformer block of width d at L tokens, as layers a data-parallel framework buckets. */
function block(p: string, d: number, L: number): LayerProfile[] {
  return [
    layerNorm(`${p}.ln_1`, d, L),
    linear(`${p}.attn.qkv`, d, 3 * d, L),
    attentionMixing(`${p}.attn.mix`, d, L),
    linear(`${p}.attn.proj`, d, d, L),
    layerNorm(`${p}.ln_2`, d, L),
    linear(`${p}.mlp.fc`, d, 4 * d, L),
    linear(`${p}.mlp.proj`, 4 * d, d, L),
  ];
}

/**
 * GPT-2 (Radford et al., "Language Models are Unsupervised Multitask
 * Learners", 2019): token and position embeddings, n blocks, a final layer
 * norm, the LM head tied to the token embedding (its product is counted, its
 * weights are not). One sample: a sequence of 1024 tokens.
 */
function gpt2(name: string, d: number, n: number, published: number): WorkloadProfile {
  const V = 50_257;
  const L = 1024;
  const layers: LayerProfile[] = [embedding('wte', V, d, L), embedding('wpe', 1024, d, L)];
  for (let i = 0; i < n; i++) layers.push(...block(`h.${i}`, d, L));
  layers.push(layerNorm('ln_f', d, L));
  const head = linear('lm_head (tied to wte)', d, V, L, { bias: false });
  layers.push({ ...head, params: 0 });
  return {
    name, description: `GPT-2 ${name === 'gpt2-small' ? 'small' : 'XL'} (${n} layers, width ${d}, context 1024)`, sampleUnit: 'sequence of 1024 tokens', layers,
    source: 'Radford, Wu, Child, Luan, Amodei, Sutskever. Language Models are Unsupervised Multitask Learners. OpenAI 2019 (Table 2); layers as Hugging Face GPT2LMHeadModel',
    publishedParams: published, publishedParamsSource: `Hugging Face ${name === 'gpt2-small' ? 'gpt2' : 'gpt2-xl'}: ${published.toLocaleString('en-US')} parameters (tied LM head)`,
  };
}

/**
 * BERT-base (Devlin et al., "BERT: Pre-training of Deep Bidirectional
 * Transformers", NAACL 2019): vocabulary 30 522, 512 positions, 2 segment
 * types, embedding layer norm, 12 post-LN blocks of width 768, the pooler.
 * One sample: a sequence of 512 tokens (pre-training phase 2).
 */
function bertBase(): WorkloadProfile {
  const d = 768;
  const L = 512;
  const layers: LayerProfile[] = [
    embedding('embeddings.word', 30_522, d, L), embedding('embeddings.position', 512, d, L), embedding('embeddings.token_type', 2, d, L),
    layerNorm('embeddings.ln', d, L),
  ];
  for (let i = 0; i < 12; i++) layers.push(...block(`encoder.${i}`, d, L));
  layers.push(linear('pooler', d, d, 1));
  return {
    name: 'bert-base', description: 'BERT-base (12 layers, width 768, 512 tokens)', sampleUnit: 'sequence of 512 tokens', layers,
    source: 'Devlin, Chang, Lee, Toutanova. BERT: Pre-training of Deep Bidirectional Transformers for Language Understanding. NAACL 2019; layers as Hugging Face BertModel',
    publishedParams: 109_482_240, publishedParamsSource: 'Hugging Face bert-base-uncased (BertModel): 109,482,240 parameters (the paper: 110 M)',
  };
}

/** The sequence-model profiles, by name. */
export const SEQUENCE_PROFILES: readonly WorkloadProfile[] = [lstmPtb(), bertBase(), gpt2('gpt2-small', 768, 12, 124_439_808), gpt2('gpt2-xl', 1600, 48, 1_557_611_200)];
