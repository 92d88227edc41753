// The Lethe language: `;`-terminated statements, case-insensitive keywords.
// The C++ front end (transform_*.cpp) walks these contexts by hand; keep rule and token
// names stable or update the transforms with them. Decisions are kept LL(1) where possible
// (shared prefixes are factored out) so that syntax errors name the token that went wrong
// and list the alternatives, e.g. "mismatched input 'MODLE' expecting {DATASET, MODEL}".
grammar Lethe;

// Empty statements (`;;`) are allowed, as in SQLite.
script : (statement? SEMI)* EOF ;

statement : explainStatement | plainStatement ;

plainStatement
  : createStatement
  | forgetStatement
  | compareStatement
  | importStatement
  | exportStatement
  | evaluateStatement
  | showStatement
  | describeStatement
  | dropStatement
  | setStatement
  | corruptStatement
  | rollbackStatement
  | verifyStatement
  | sampleStatement
  ;

explainStatement : EXPLAIN ANALYZE? plainStatement ;

// ---- CREATE DATASET / CREATE MODEL ---------------------------------------------

createStatement : CREATE (createDataset | createModel | createRequest) ;

// WITH is accepted after every source so the binder can say which options a source takes.
createDataset : DATASET ifNotExists? identifier datasetSource withOptions? ;
datasetSource : FROM (builtinSource | pathSource) | subsetSource ;
builtinSource : BUILTIN STRING ;
pathSource : STRING FORMAT identifier ;
subsetSource : AS SUBSET OF identifier ;

createModel : MODEL ifNotExists? identifier ARCH identifier ON identifier withOptions? ;

// CORRUPT DATASET src INTO dst WITH (kind = 'poison', count = 600, target = 'Bag', seed = 1)
corruptStatement : CORRUPT DATASET identifier INTO identifier withOptions? ;

ifNotExists : IF NOT EXISTS ;
ifExists : IF EXISTS ;

// ---- governance: requests, rollback, verification ---------------------------------

// CREATE REQUEST 'r-17' WITH (subject = 'user 42', due = '2027-01-31', samples = (17, 4242) OF fmnist)
// `OF dataset` belongs to samples / samples_file; the binder says so for any other option.
createRequest : REQUEST STRING WITH LPAREN requestOption (COMMA requestOption)* RPAREN ;
requestOption : optionName EQ value (OF identifier)? ;

// ROLLBACK MODEL m TO 3: the active version moves back; nothing is destroyed.
rollbackStatement : ROLLBACK MODEL identifier TO signedInteger ;

// VERIFY AUDIT | VERIFY CERTIFICATE 'c.json'
verifyStatement : VERIFY (AUDIT | CERTIFICATE STRING) ;

// ---- IMPORT MODEL / EXPORT MODEL ------------------------------------------------------

// IMPORT MODEL m FROM 'model.pt' ON dataset [WITH (training recipe, for retrain)]
importStatement : IMPORT MODEL identifier FROM STRING ON identifier withOptions? ;
// EXPORT MODEL m[@v] TO 'model.pt' | EXPORT CERTIFICATE FOR (REQUEST 'r' | RUN n) TO 'c.json'
exportStatement : EXPORT (MODEL modelRef | CERTIFICATE FOR (REQUEST STRING | RUN signedInteger)) TO STRING ;

// ---- FORGET ----------------------------------------------------------------------

// FORGET FOR REQUEST 'r-17' USING m: every active model that still holds the request's rows.
forgetStatement : FORGET (forgetTarget FROM modelRef | FOR REQUEST STRING) USING identifier forgetClause* ;

forgetTarget
  : CLASS classValue (COMMA classValue)*
  | RANDOM signedNumber PERCENT (SEED signedInteger)?
  | SAMPLES (LPAREN signedInteger (COMMA signedInteger)* RPAREN | FROM STRING)
  | SET signedInteger
  | CORRUPTED (DISCOVERED signedNumber PERCENT)? (SEED signedInteger)? OF identifier
  ;
classValue : STRING | signedInteger ;

// Any order; the transform rejects a clause given twice.
forgetClause
  : THRESHOLD signedNumber
  | withOptions
  | EVALUATE metricList
  | INTO identifier
  ;

// ---- COMPARE METHODS -------------------------------------------------------------

// COMPARE METHODS (salun, ga) FOR CLASS 'Sneaker' FROM m WITH (salun.lr = 0.02)
// `FOR FORGET SET 3` reads like EVALUATE's; `FOR SET 3` (the FORGET spelling) works too.
compareStatement
  : COMPARE METHODS LPAREN identifier (COMMA identifier)* RPAREN FOR compareTarget FROM modelRef
    withOptions?
  ;
compareTarget : FORGET SET signedInteger | forgetTarget ;

// ---- EVALUATE MODEL ----------------------------------------------------------------

// WITH (judge = clf, ...): generators' metrics judge samples with a classifier.
evaluateStatement : EVALUATE MODEL modelRef (METRICS metricList)? evaluateFor? withOptions? ;
evaluateFor : FOR (RUN signedInteger | FORGET SET signedInteger) ;

// ---- SAMPLE ------------------------------------------------------------------------

// SAMPLE 8 FROM gen CLASS 'Sneaker' WITH (steps = 50, guidance = 2.0, seed = 1) INTO 'grid.png'
// INTO 'file' writes a PNG grid; INTO name (or no INTO) stores the samples as a dataset.
// Any order; the transform rejects a clause given twice.
sampleStatement : SAMPLE signedInteger FROM modelRef sampleClause* ;
sampleClause
  : CLASS classValue
  | withOptions
  | INTO (STRING | identifier)
  ;

// ---- catalog statements ------------------------------------------------------------

showStatement
  : SHOW (DATASETS | MODELS (CONTAINING lineageTarget OF identifier)? | VERSIONS OF identifier | RUNS | METHODS
         | METRICS | ARCHS | FORGET SETS | REQUESTS | AUDIT) ;
// Rows of a dataset, for lineage: SAMPLES (17, 4242) | SAMPLES FROM 'ids.csv' | CLASS 'Bag'
lineageTarget
  : SAMPLES (LPAREN signedInteger (COMMA signedInteger)* RPAREN | FROM STRING)
  | CLASS classValue (COMMA classValue)*
  ;

describeStatement
  : DESCRIBE (DATASET identifier | MODEL modelRef | METHOD identifier | RUN signedInteger | REQUEST STRING) ;

// DROP MODEL m@v drops one version; CASCADE also the versions made from it.
dropStatement : DROP (DATASET | MODEL) ifExists? modelRef ifExists? CASCADE? ;

// SET ACTIVE m@v: what `m` means from now on.
setStatement : SET (ACTIVE modelRef | optionName EQ value) ;

// ---- shared pieces -------------------------------------------------------------------

withOptions : WITH LPAREN option (COMMA option)* RPAREN ;
option : optionName EQ value ;
// salun.lr: a dotted name. Every keyword may name an option: `=` follows, so nothing is ambiguous.
optionName : anyName (DOT anyName)* ;

value
  : signedNumber
  | STRING
  | booleanLiteral
  | anyName
  | LPAREN value (COMMA value)* RPAREN
  ;

booleanLiteral : TRUE | FALSE ;

metricList : LPAREN identifier (COMMA identifier)* RPAREN | identifier (COMMA identifier)* ;

modelRef : identifier (AT signedInteger)? ;

// Negative numbers parse so the binder can reject them with a range error.
signedNumber : MINUS? (INTEGER | REAL) ;
signedInteger : MINUS? INTEGER ;

// A name where a dataset, model, method, metric ... is expected.
identifier : IDENTIFIER | QUOTED_IDENTIFIER | nonReservedKeyword ;
anyName : identifier | reservedKeyword ;

// Keywords that never start a statement or a clause where a name could also stand.
nonReservedKeyword
  : ACTIVE | ANALYZE | ARCH | ARCHS | AUDIT | BUILTIN | CASCADE | CERTIFICATE | CLASS | CONTAINING | CORRUPTED | DATASET
  | DATASETS | DISCOVERED | FORMAT | METHOD | METHODS | METRICS | MODEL | MODELS | PERCENT | RANDOM | REQUEST | REQUESTS
  | RUN | RUNS | SAMPLES | SEED | SETS | SUBSET | THRESHOLD | TO | VERSIONS
  ;
reservedKeyword
  : AS | COMPARE | CORRUPT | CREATE | DESCRIBE | DROP | EVALUATE | EXISTS | EXPLAIN | EXPORT | FOR | FORGET | FROM | IF
  | IMPORT | INTO | NOT | OF | ON | ROLLBACK | SAMPLE | SET | SHOW | USING | VERIFY | WITH
  ;

// ---- lexer -------------------------------------------------------------------------

ACTIVE : A C T I V E ;
ANALYZE : A N A L Y Z E ;
ARCH : A R C H ;
ARCHS : A R C H S ;
AS : A S ;
AUDIT : A U D I T ;
BUILTIN : B U I L T I N ;
CASCADE : C A S C A D E ;
CERTIFICATE : C E R T I F I C A T E ;
CLASS : C L A S S ;
COMPARE : C O M P A R E ;
CONTAINING : C O N T A I N I N G ;
CORRUPT : C O R R U P T ;
CORRUPTED : C O R R U P T E D ;
CREATE : C R E A T E ;
DATASET : D A T A S E T ;
DATASETS : D A T A S E T S ;
DESCRIBE : D E S C R I B E ;
DISCOVERED : D I S C O V E R E D ;
DROP : D R O P ;
EVALUATE : E V A L U A T E ;
EXISTS : E X I S T S ;
EXPLAIN : E X P L A I N ;
EXPORT : E X P O R T ;
FALSE : F A L S E ;
FOR : F O R ;
FORGET : F O R G E T ;
FORMAT : F O R M A T ;
FROM : F R O M ;
IF : I F ;
IMPORT : I M P O R T ;
INTO : I N T O ;
METHOD : M E T H O D ;
METHODS : M E T H O D S ;
METRICS : M E T R I C S ;
MODEL : M O D E L ;
MODELS : M O D E L S ;
NOT : N O T ;
OF : O F ;
ON : O N ;
PERCENT : P E R C E N T ;
RANDOM : R A N D O M ;
REQUEST : R E Q U E S T ;
REQUESTS : R E Q U E S T S ;
ROLLBACK : R O L L B A C K ;
RUN : R U N ;
RUNS : R U N S ;
SAMPLE : S A M P L E ;
SAMPLES : S A M P L E S ;
SEED : S E E D ;
SET : S E T ;
SETS : S E T S ;
SHOW : S H O W ;
SUBSET : S U B S E T ;
THRESHOLD : T H R E S H O L D ;
TO : T O ;
TRUE : T R U E ;
USING : U S I N G ;
VERIFY : V E R I F Y ;
VERSIONS : V E R S I O N S ;
WITH : W I T H ;

SEMI : ';' ;
COMMA : ',' ;
LPAREN : '(' ;
RPAREN : ')' ;
EQ : '=' ;
DOT : '.' ;
AT : '@' ;
MINUS : '-' ;

INTEGER : DIGIT+ ;
REAL : DIGIT+ '.' DIGIT* EXPONENT? | '.' DIGIT+ EXPONENT? | DIGIT+ EXPONENT ;

// 'it''s': a doubled quote stands for one quote. The UNTERMINATED_* rules match only when the
// closing quote or `*/` never comes (the terminated rule is then no longer a match); the parser
// driver reports them as "unterminated ..." at their first character.
STRING : '\'' ( ~'\'' | '\'\'' )* '\'' ;
UNTERMINATED_STRING : '\'' ( ~'\'' | '\'\'' )* ;
QUOTED_IDENTIFIER : '"' ( ~'"' | '""' )* '"' ;
UNTERMINATED_QUOTED_IDENTIFIER : '"' ( ~'"' | '""' )* ;

IDENTIFIER : [a-zA-Z_] [a-zA-Z_0-9]* ;

LINE_COMMENT : '--' ~[\r\n]* -> skip ;
BLOCK_COMMENT : '/*' ( ~'*' | '*'+ ~[*/] )* '*'+ '/' -> skip ;
UNTERMINATED_BLOCK_COMMENT : '/*' ( ~'*' | '*'+ ~[*/] )* '*'* ;
WHITESPACE : [ \t\r\n]+ -> skip ;

fragment DIGIT : [0-9] ;
fragment EXPONENT : [eE] [+-]? DIGIT+ ;

fragment A : [aA] ;
fragment B : [bB] ;
fragment C : [cC] ;
fragment D : [dD] ;
fragment E : [eE] ;
fragment F : [fF] ;
fragment G : [gG] ;
fragment H : [hH] ;
fragment I : [iI] ;
fragment J : [jJ] ;
fragment K : [kK] ;
fragment L : [lL] ;
fragment M : [mM] ;
fragment N : [nN] ;
fragment O : [oO] ;
fragment P : [pP] ;
fragment Q : [qQ] ;
fragment R : [rR] ;
fragment S : [sS] ;
fragment T : [tT] ;
fragment U : [uU] ;
fragment V : [vV] ;
fragment W : [wW] ;
fragment X : [xX] ;
fragment Y : [yY] ;
fragment Z : [zZ] ;
