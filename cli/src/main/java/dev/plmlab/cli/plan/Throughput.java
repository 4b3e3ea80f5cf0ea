package dev.plmlab.cli.plan;

import dev.plmlab.forge.catalogue.CatalogueEntry;
import dev.plmlab.forge.catalogue.ModelCatalogue;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * Time estimates from the throughputs the project has measured ({@code throughput.properties} beside this
 * class, each value with its command, machine and source). Inference is carried to other models by
 * parameters: a forward pass costs about 2 x parameters FLOP per token for the transformers and for CARP's
 * convolutions alike, so tokens/s scale as {@code measured x measured model's parameters / parameters}
 * (attention's length term is left out: small at these lengths, so long sequences take longer than this).
 */
public record Throughput(String inferenceModel, long inferenceParameters, double inferenceTokensPerSecond,
                         String inferenceMachine, String inferenceSource, long ridgeRows, long ridgeWidth,
                         double ridgeSeconds, String ridgeSource, double linearFlopsPerSecond, String linearSource) {

    static final String RESOURCE = "throughput.properties";

    public static Throughput load(ModelCatalogue catalogue) {
        Properties p = new Properties();
        try (InputStream in = Throughput.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing beside " + Throughput.class.getName());
            }
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String model = p.getProperty("inference.model");
        long parameters = catalogue.find(model).map(CatalogueEntry::params)
                .orElseThrow(() -> new IllegalStateException(RESOURCE + ": " + model + " is not in forge's catalogue"));
        return new Throughput(model, parameters, Double.parseDouble(p.getProperty("inference.tokens-per-second")),
                p.getProperty("inference.machine"), p.getProperty("inference.source"),
                Long.parseLong(p.getProperty("ridge.rows")), Long.parseLong(p.getProperty("ridge.width")),
                Double.parseDouble(p.getProperty("ridge.seconds")), p.getProperty("ridge.source"),
                Double.parseDouble(p.getProperty("linear.flops-per-second")), p.getProperty("linear.source"));
    }

    /** Estimated tokens per second of a model with this many parameters on the measured machine. */
    public double tokensPerSecond(long parameters) {
        return inferenceTokensPerSecond * inferenceParameters / parameters;
    }

    /**
     * One ridge probe job: the Gram matrix ({@code n x D^2}) and one decomposition ({@code D^3}) dominate, scaled
     * from the measured fit.
     */
    public double ridgeSeconds(long rows, long width) {
        double work = (double) rows * width * width + (double) width * width * width;
        double measured = (double) ridgeRows * ridgeWidth * ridgeWidth + (double) ridgeWidth * ridgeWidth * ridgeWidth;
        return ridgeSeconds * work / measured;
    }

    /** One linear classifier job run for all its epochs (early stopping makes it shorter): forward and backward, 6 FLOP per weight and row. */
    public double linearSeconds(long rows, long width, int classes, int epochs) {
        return 6.0 * rows * width * Math.max(classes, 2) * epochs / linearFlopsPerSecond;
    }
}
