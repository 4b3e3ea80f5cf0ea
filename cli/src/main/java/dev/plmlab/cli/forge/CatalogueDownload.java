package dev.plmlab.cli.forge;

import dev.plmlab.forge.catalogue.CatalogueEntry;
import dev.plmlab.forge.catalogue.DownloadException;
import dev.plmlab.forge.catalogue.ModelCatalogue;
import dev.plmlab.forge.catalogue.ModelDownloader;
import dev.plmlab.forge.checkpoint.Checkpoint;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Gets a catalogue model's checkpoint into the local cache: looks the name up, downloads with a progress bar
 * (resuming an interrupted download, checking the SHA-256 where one is published) and checks that what came
 * down is the model the catalogue describes.
 *
 * <p>Only the model file is fetched, not fair-esm's contact-regression file: forged graphs have no contact
 * head, so nothing would read it.
 */
public final class CatalogueDownload {

    private final ModelCatalogue catalogue;
    private final Path cacheDir;
    private final PrintWriter err;
    private final boolean terminal;

    /**
     * @param err      where progress and notes go
     * @param terminal whether {@code err} is a terminal (the progress bar redraws in place)
     */
    public CatalogueDownload(ModelCatalogue catalogue, Path cacheDir, PrintWriter err, boolean terminal) {
        this.catalogue = catalogue;
        this.cacheDir = cacheDir;
        this.err = err;
        this.terminal = terminal;
    }

    /** @throws CommandFailure naming close matches and every known model if there is no such model */
    public CatalogueEntry lookup(String name) throws CommandFailure {
        var entry = catalogue.find(name);
        if (entry.isPresent()) {
            return entry.get();
        }
        List<String> known = catalogue.models().stream().map(CatalogueEntry::name).toList();
        List<String> close = NameSuggestions.closest(name, known);
        throw new CommandFailure("no model '" + name + "' in the catalogue"
                + (close.isEmpty() ? "" : "; did you mean: " + String.join(", ", close) + "?")
                + "\nknown models: " + String.join(", ", known)
                + "\n(to forge a file of your own, pass --checkpoint FILE instead of a name)");
    }

    /**
     * The model's checkpoint in the cache, downloading it unless it is there already.
     *
     * @param source where to download from instead of the catalogue's location (a mirror, a local server),
     *               or null
     */
    public Path fetch(CatalogueEntry model, URI source) throws CommandFailure, InterruptedException {
        URI uri = source;
        if (uri == null) {
            uri = model.modelUri().orElseThrow(() -> new CommandFailure("no public download location is known for "
                    + model.name() + " (" + model.notes() + "); pass --url URL where a copy is served, or forge a local "
                    + "file with --checkpoint FILE"));
        }
        Path cached = cacheDir.resolve(model.fileName());
        Path part = cacheDir.resolve(model.fileName() + ".part");
        try {
            if (Files.isRegularFile(cached)) {
                err.println("using " + cached + " from the cache (delete it to download again)");
                return new ModelDownloader(cacheDir).download(uri, model.fileName(), model.sha256(),
                        ModelDownloader.ProgressListener.NONE);
            }
            long resumedFrom = Files.isRegularFile(part) ? Files.size(part) : 0;
            err.println((resumedFrom > 0 ? "resuming " : "downloading ") + model.name() + " from " + uri
                    + " into " + cacheDir);
            DownloadProgress progress = new DownloadProgress(err, model.fileName(), resumedFrom, terminal, System::nanoTime);
            Path file = new ModelDownloader(cacheDir).download(uri, model.fileName(), model.sha256(), progress);
            progress.finish();
            err.println(model.sha256() != null ? "SHA-256 verified"
                    : "(no SHA-256 is published for " + model.name() + ": only the size the server announced was checked)");
            return file;
        } catch (DownloadException e) {
            throw new CommandFailure("download failed: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new CommandFailure("cannot write to the model cache " + cacheDir + ": " + e.getMessage(), e);
        }
    }

    /**
     * Checks a downloaded checkpoint against its catalogue entry. A different family is an error (the
     * entry name would lie about the forged model); a different size only a warning, since a mirror or test
     * server given with --url may deliberately serve a smaller model of the same family.
     */
    public void checkMatches(CatalogueEntry model, Checkpoint checkpoint) throws CommandFailure {
        if (checkpoint.family() != model.family()) {
            throw new CommandFailure(model.name() + ": the catalogue lists a " + model.family() + " model but the "
                    + "downloaded file holds a " + checkpoint.family() + " checkpoint");
        }
        CheckpointShape shape = CheckpointShape.of(checkpoint);
        if (shape.layers() != model.layers() || shape.width() != model.dim()) {
            err.println("warning: " + model.name() + ": the catalogue lists " + model.layers() + " layers of width "
                    + model.dim() + ", the downloaded file has " + shape.layers() + " of width " + shape.width());
        }
    }
}
