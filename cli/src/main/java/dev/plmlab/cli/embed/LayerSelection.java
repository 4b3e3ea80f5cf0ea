package dev.plmlab.cli.embed;

import dev.plmlab.cli.forge.CommandFailure;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.IntStream;

/**
 * Which layers to output, as {@code --layers} writes them: {@code all}, or indices separated by commas
 * ({@code 0,2,5}); layer 0 is the embedding layer, L the last block.
 */
public final class LayerSelection {

    private final String text;

    private LayerSelection(String text) {
        this.text = text;
    }

    /** @throws CommandFailure for anything but {@code all} or a comma-separated list of numbers */
    public static LayerSelection parse(String text) throws CommandFailure {
        String trimmed = text.strip();
        if (!trimmed.equals("all") && !trimmed.matches("\\d+(\\s*,\\s*\\d+)*")) {
            throw new CommandFailure("--layers must be 'all' or layer numbers separated by commas (e.g. 0,2,5), got '" + text + "'");
        }
        return new LayerSelection(trimmed);
    }

    /**
     * The chosen layers of a model with layers 0..{@code lastLayer}, ascending, without repeats.
     *
     * @throws CommandFailure if a chosen layer is beyond {@code lastLayer}
     */
    public List<Integer> resolve(int lastLayer, String modelName) throws CommandFailure {
        if (text.equals("all")) {
            return IntStream.rangeClosed(0, lastLayer).boxed().toList();
        }
        TreeSet<Integer> layers = new TreeSet<>();
        for (String part : text.split(",")) {
            int layer;
            try {
                layer = Integer.parseInt(part.strip());
            } catch (NumberFormatException e) {
                throw new CommandFailure("--layers: '" + part.strip() + "' is too large a layer number", e);
            }
            if (layer > lastLayer) {
                throw new CommandFailure("--layers: " + modelName + " has layers 0.." + lastLayer + ", there is no layer " + layer);
            }
            layers.add(layer);
        }
        return List.copyOf(layers);
    }
}
