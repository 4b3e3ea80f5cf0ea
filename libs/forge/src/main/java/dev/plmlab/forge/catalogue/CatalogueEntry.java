package dev.plmlab.forge.catalogue;

import java.net.URI;
import java.util.Optional;

import dev.plmlab.forge.checkpoint.Family;

/**
 * One official model (or pretraining checkpoint) of the study.
 *
 * @param name                 fair-esm / CARP model name; intermediate CARP checkpoints are
 *                             {@code <model>@<fraction>}, e.g. {@code carp_38M@0.25}
 * @param attentionHeads       transformer heads, null for CARP
 * @param params               nominal parameter count (from the model name)
 * @param pretrainingFraction  share of the full pretraining run (1 for released models)
 * @param pretrainingStep      optimizer step of an intermediate checkpoint, else null
 * @param modelUrl             official download location, null where none is known
 * @param contactRegressionUrl fair-esm's contact-regression file, null for CARP
 * @param approxSizeBytes      rough file size (an estimate; see notes)
 * @param sha256               published SHA-256, null where none is published (currently all)
 */
public record CatalogueEntry(String name, Family family, int layers, int dim, Integer attentionHeads, long params,
        double pretrainingFraction, Long pretrainingStep, String modelUrl, String contactRegressionUrl,
        long approxSizeBytes, String sha256, String notes) {

    /** Where to download the model file, if a public location is known. */
    public Optional<URI> modelUri() {
        return Optional.ofNullable(modelUrl).map(URI::create);
    }

    public Optional<URI> contactRegressionUri() {
        return Optional.ofNullable(contactRegressionUrl).map(URI::create);
    }

    public Optional<String> publishedSha256() {
        return Optional.ofNullable(sha256);
    }

    /** The file name fair-esm and CARP's loaders expect for this model. */
    public String fileName() {
        return name + ".pt";
    }
}
