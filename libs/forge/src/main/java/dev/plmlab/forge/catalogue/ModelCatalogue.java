package dev.plmlab.forge.catalogue;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

/** The models of the study, read from the bundled {@code models.json}. */
public final class ModelCatalogue {

    private static final String RESOURCE = "models.json";

    private final List<CatalogueEntry> models;

    private ModelCatalogue(List<CatalogueEntry> models) {
        this.models = List.copyOf(models);
    }

    /** Loads the catalogue bundled with plmlab. */
    public static ModelCatalogue load() {
        try (InputStream in = ModelCatalogue.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("catalogue resource " + RESOURCE + " is missing from the classpath");
            }
            return parse(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the model catalogue " + RESOURCE, e);
        }
    }

    /**
     * Reads a catalogue file in the bundled {@code models.json} format: an operator's own models, or mirrors
     * of the official ones under their own URLs.
     *
     * @throws IOException naming the file when it cannot be read or is not such a catalogue
     */
    public static ModelCatalogue read(java.nio.file.Path file) throws IOException {
        try (InputStream in = java.nio.file.Files.newInputStream(file)) {
            return parse(in);
        } catch (com.fasterxml.jackson.core.JacksonException e) {
            throw new IOException("the model catalogue " + file + " is not a catalogue (models.json format): "
                    + e.getOriginalMessage(), e);
        }
    }

    /** This catalogue with {@code overrides}' entries in place of those of the same name, and its new ones added. */
    public ModelCatalogue withOverrides(ModelCatalogue overrides) {
        java.util.Map<String, CatalogueEntry> byName = new java.util.LinkedHashMap<>();
        models.forEach(m -> byName.put(m.name(), m));
        overrides.models.forEach(m -> byName.put(m.name(), m));
        return new ModelCatalogue(List.copyOf(byName.values()));
    }

    static ModelCatalogue parse(InputStream json) throws IOException {
        ObjectMapper mapper = new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true);
        Document document = mapper.readValue(json, Document.class);
        return new ModelCatalogue(document.models());
    }

    private record Document(String description, List<CatalogueEntry> models) {
    }

    public List<CatalogueEntry> models() {
        return models;
    }

    public Optional<CatalogueEntry> find(String name) {
        return models.stream().filter(m -> m.name().equals(name)).findFirst();
    }

    /**
     * @throws IllegalArgumentException listing the known names if there is no such model
     */
    public CatalogueEntry require(String name) {
        return find(name).orElseThrow(() -> new IllegalArgumentException("no model '" + name + "' in the catalogue; known: "
                + models.stream().map(CatalogueEntry::name).toList()));
    }
}
