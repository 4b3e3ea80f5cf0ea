package dev.plmlab.cli.plan;

import dev.plmlab.cli.forge.CheckpointShape;
import dev.plmlab.forge.ModelForge;
import dev.plmlab.forge.catalogue.CatalogueEntry;
import dev.plmlab.forge.catalogue.ModelCatalogue;
import dev.plmlab.forge.checkpoint.Checkpoint;
import dev.plmlab.forge.checkpoint.CheckpointReader;
import dev.plmlab.forge.checkpoint.Family;
import dev.plmlab.forge.checkpoint.Tensor;
import dev.plmlab.forge.tokens.Alphabet;
import dev.plmlab.model.catalog.KnownModel;
import dev.plmlab.model.catalog.KnownModels;
import dev.plmlab.model.catalog.ModelFamily;
import dev.plmlab.model.messages.EmbeddingModel;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What sizes a model's jobs: depth, width, parameters, the special tokens its tokeniser adds and its residue
 * limit. Catalogue models from {@link KnownModels} (depth, width) and forge's catalogue (parameters); a local
 * checkpoint from its file's header (the pickle only: tensors are lazy, no weight is read), or unknown when
 * the file is not here.
 *
 * @param depth        blocks L (layers 0..L), null while unknown
 * @param width        D of every layer's features; 0 while unknown. One-hot: 23 per residue
 * @param parameters   0 for one-hot or while unknown
 * @param specials     tokens added per sequence ({@code <cls>}, {@code <eos>})
 * @param residueLimit residues one sequence may have before the long-sequence policy applies
 * @param note         why something is unknown, else null
 */
record ModelFacts(Integer depth, int width, long parameters, int specials, int residueLimit, String note) {

    /** One-hot's letters per residue (20 amino acids + B, X, U: libs/science OneHotEncoder.WIDTH). */
    static final int ONE_HOT_WIDTH = 23;
    /** One-hot's residue limit, the reference's (libs/science OneHotEncoder.RESIDUE_LIMIT). */
    static final int ONE_HOT_LIMIT = 1022;
    /** ESM-2 and ESM-1 as the reference cuts them; ESM-1b's learned positions (1024) less cls and eos. */
    static final int ESM_LIMIT = 1022;

    static ModelFacts of(EmbeddingModel model, Path specDir, ModelCatalogue catalogue) {
        if (model.family() == ModelFamily.ONE_HOT) {
            return new ModelFacts(0, ONE_HOT_WIDTH, 0, 0, ONE_HOT_LIMIT, null);
        }
        Family family = Family.valueOf(model.family().name());
        int specials = specials(family);
        if (model.size() != null) {
            KnownModel known = KnownModels.find(model.family(), model.size()).orElseThrow();
            String name = known.officialName() + (model.pretraining() == 1.0 ? "" : "@" + model.pretraining());
            long parameters = catalogue.find(name).or(() -> catalogue.find(known.officialName()))
                    .map(CatalogueEntry::params).orElse(0L);
            return new ModelFacts(known.layers(), known.dim(), parameters, specials, limit(family), null);
        }
        Path file = specDir.resolve(model.checkpoint());
        if (!Files.isRegularFile(file)) {
            return new ModelFacts(null, 0, 0, specials, limit(family),
                    "depth unknown until the embedder opens " + model.checkpoint() + " (not on this machine)");
        }
        try {
            Checkpoint checkpoint = CheckpointReader.read(file);
            CheckpointShape shape = CheckpointShape.of(checkpoint);
            long parameters = checkpoint.state().values().stream().mapToLong(Tensor::numel).sum();
            return new ModelFacts(shape.layers(), shape.width(), parameters, specials, ModelForge.residueLimit(checkpoint), null);
        } catch (Exception e) {
            return new ModelFacts(null, 0, 0, specials, limit(family),
                    "depth unknown until the embedder opens " + model.checkpoint() + " (" + e.getMessage() + ")");
        }
    }

    private static int specials(Family family) {
        Alphabet alphabet = Alphabet.forFamily(family);
        return (alphabet.prependBos() ? 1 : 0) + (alphabet.appendEos() ? 1 : 0);
    }

    /** {@link ModelForge#residueLimit} for the released checkpoints, which it reads from a file. */
    private static int limit(Family family) {
        return family == Family.CARP ? Integer.MAX_VALUE : ESM_LIMIT;
    }
}
