/**
 * FASTA input: {@link dev.plmlab.inference.fasta.FastaReader} reads records (id, description, sequence as
 * written, header line) for {@link dev.plmlab.inference.SequenceEmbedder}.
 */
package dev.plmlab.inference.fasta;
