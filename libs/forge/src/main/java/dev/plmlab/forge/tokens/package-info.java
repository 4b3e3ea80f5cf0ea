/**
 * Token ids for ESM-1, ESM-1b/ESM-2 and CARP exactly as the reference batch converters produce them:
 * {@link dev.plmlab.forge.tokens.Alphabet} (vocabularies and special tokens) and
 * {@link dev.plmlab.forge.tokens.Tokenizer} (sequences to a padded {@link dev.plmlab.forge.tokens.TokenBatch}).
 */
package dev.plmlab.forge.tokens;
