-- Lethe governance: one deletion request from arrival to a certificate an auditor can check.
--
--   LETHE_CERTIFICATE_KEY='a secret of your own' lethe governance.db examples/governance.sql
--
-- (or SET certificate_key = '...' in the session). The key signs certificates and is never
-- stored in the catalog. `make test` runs this script (ctest examples_governance_sql).

-- Two shops' models learned from overlapping subsets of Fashion-MNIST; a third did not.
CREATE DATASET fmnist FROM BUILTIN 'fashion-mnist';
CREATE DATASET shop AS SUBSET OF fmnist WITH (train = 600, test = 200, seed = 2);
CREATE DATASET ads AS SUBSET OF fmnist WITH (train = 300, test = 100, seed = 3);
CREATE MODEL recommender ARCH mlp ON shop WITH (epochs = 2, seed = 1);
CREATE MODEL ranker ARCH mlp ON shop WITH (epochs = 2, seed = 2);
CREATE MODEL banner ARCH mlp ON ads WITH (epochs = 2, seed = 1);

-- A customer asks to be erased: rows 39 and 279 of fmnist are theirs. Lineage finds who holds them.
SHOW MODELS CONTAINING SAMPLES (39, 279) OF fmnist;
CREATE REQUEST 'r-17' WITH (subject = 'customer 4711', regulation = 'gdpr', due = '2027-01-31',
                            samples = (39, 279) OF fmnist);
SHOW REQUESTS;

-- What the certificate's verdict demands of every model afterwards.
SET verdict_ua_min = 50;

-- One statement: a FORGET on every active model that holds the rows, one transaction each.
FORGET FOR REQUEST 'r-17' USING salun WITH (epochs = 2);
SHOW REQUESTS;
DESCRIBE REQUEST 'r-17';

-- No active version holds the rows now (the old versions do: ROLLBACK could return to them).
SHOW MODELS CONTAINING SAMPLES (39, 279) OF fmnist;

-- The signed certificate, and its check against the catalog.
EXPORT CERTIFICATE FOR REQUEST 'r-17' TO 'r-17.json';
VERIFY CERTIFICATE 'r-17.json';

-- Everything above that changed the catalog, hash-chained.
SHOW AUDIT;
VERIFY AUDIT;
