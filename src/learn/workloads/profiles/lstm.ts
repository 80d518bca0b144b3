import type { WorkloadProfile } from '../profile.js';
import { embedding, linear, lstm } from './builders.js';

/**
 * The 2-layer LSTM language model on Penn Treebank: Zaremba, Sutskever &
 * Vinyals' "large" model (1500 units per layer, vocabulary 10 000, unrolled
 * 35 steps), the gTop-k papers' LSTM-PTB as their authors' code builds it
 * (hclhkbu/gtopkssgd, `models/lstm.py`): embedding 10 000 × 1500, PyTorch's
 * `nn.LSTM` with 2 layers (two bias vectors each), a 1500 → 10 000 decoder
 * whose weights are not tied to the embedding.
 */
function lstmPtb(): WorkloadProfile {
  const steps = 35;
  const vocabulary = 10_000;
  const hidden = 1500;
  return {
    name: 'lstm-ptb',
    description: '2-layer LSTM, 1500 units, vocabulary 10 000 (Penn Treebank, 35 steps)',
    sampleUnit: 'sequence of 35 tokens',
    source:
      'Zaremba, Sutskever, Vinyals. Recurrent Neural Network Regularization. arXiv:1409.2329, 2014 (the large model); ' +
      'LSTM-PTB of Shi et al., gTop-k (ICDCS 2019; IJCAI 2019: "A 2-layer LSTM model (LSTM-PTB) with 1500 hidden units per layer")',
    publishedParams: 66_034_000,
    publishedParamsSource: '66,034,000 (66 M) counted from the gTop-k authors’ code (hclhkbu/gtopkssgd, models/lstm.py with the PTB vocabulary of 10 000); the IJCAI 2019 paper gives no count',
    layers: [embedding('word_embeddings', vocabulary, hidden, steps), lstm('lstm.l0', hidden, hidden, steps), lstm('lstm.l1', hidden, hidden, steps), linear('sm_fc', hidden, vocabulary, steps)],
  };
}

/** The LSTM profiles: lstm-ptb. */
export const LSTM_PROFILES: readonly WorkloadProfile[] = [lstmPtb()];
