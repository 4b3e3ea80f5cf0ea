/**
 * The study's official models ({@link dev.plmlab.forge.catalogue.ModelCatalogue}, bundled as models.json)
 * and a resumable, checksum-aware {@link dev.plmlab.forge.catalogue.ModelDownloader}.
 */
package dev.plmlab.forge.catalogue;
