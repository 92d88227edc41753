-- Lethe quickstart: train a classifier on Fashion-MNIST, forget one class, prove it.
-- Run it with `make demo`, or: lethe demo.db examples/quickstart.sql

-- The embedded dataset (Debian's dataset-fashion-mnist) and a subset small enough for a laptop CPU.
CREATE DATASET fmnist FROM BUILTIN 'fashion-mnist';
CREATE DATASET fmnist_small AS SUBSET OF fmnist WITH (train = 10000, test = 2000, seed = 1);

-- Train a small CNN. Version 1 of model `classifier`.
CREATE MODEL classifier ARCH cnn ON fmnist_small WITH (epochs = 4, lr = 0.05, batch_size = 128, seed = 1);

-- The reference: retraining without the class (what perfect forgetting looks like).
FORGET CLASS 'Sneaker' FROM classifier@1 USING retrain EVALUATE ua, ra, ta, mia INTO classifier_retrained;

-- SalUn: update only the half of the weights most salient to the forgotten class.
-- Writes version 2; version 1 is kept. Avg. Gap compares with the retrain run above.
FORGET CLASS 'Sneaker' FROM classifier@1 USING salun THRESHOLD 0.5 WITH (epochs = 2)
  EVALUATE ua, ra, ta, mia, rte, gap;

SHOW VERSIONS OF classifier;
SHOW RUNS;
