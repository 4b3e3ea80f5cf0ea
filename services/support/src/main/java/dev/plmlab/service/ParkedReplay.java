package dev.plmlab.service;

import dev.plmlab.model.messages.Messages;
import dev.plmlab.service.KafkaSends.Outgoing;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Sends parked records back to their source topic once a build reads their version: the other half of
 * {@link PoisonMessages#park}. Each service reads {@code plmlab.parked} in a consumer group of its own per message
 * version ({@code <group>-parked-v<VERSION>}, set in its application.properties), so a newer build reads the whole
 * topic afresh while the older replicas beside it skip what they cannot read, and sends back (value, key, unchanged)
 * the records whose source topic is one of its inputs ({@code plmlab.parked.inputs}) and whose version it reads.
 * The stages are idempotent (content-addressed outputs), so a record sent back twice costs a cached answer.
 */
@ApplicationScoped
public class ParkedReplay {

    /** The incoming channel on {@code plmlab.parked} (its topic and group in each service's properties). */
    public static final String CHANNEL = "plmlab-parked-replay";
    /** The outgoing channel records go back through; each record names its topic. */
    public static final String RESEND = "plmlab-parked-resend";

    private static final Logger LOG = Logger.getLogger(ParkedReplay.class);

    @Inject
    MeterRegistry registry;

    @Inject
    @Channel(RESEND)
    Emitter<String> resend;

    /** The topics this service consumes: the parked records it sends back. */
    @ConfigProperty(name = "plmlab.parked.inputs")
    Optional<List<String>> inputs;

    @ConfigProperty(name = "mp.messaging.incoming." + CHANNEL + ".group.id")
    Optional<String> group;

    @jakarta.annotation.PostConstruct
    void checkGroup() {
        String wanted = "-parked-v" + Messages.VERSION;
        if (group.isEmpty() || !group.get().endsWith(wanted)) {
            LOG.warnf("mp.messaging.incoming.%s.group.id is %s: it should end with %s (Messages.VERSION), or this build "
                    + "does not read the parked records an older one already skipped", CHANNEL, group.orElse("unset"), wanted);
        }
    }

    @Incoming(CHANNEL)
    @Blocking
    public void onParked(ConsumerRecord<String, String> record) {
        try {
            Map<String, String> headers = new HashMap<>();
            for (Header header : record.headers()) {
                if (header.value() != null) {
                    headers.put(header.key(), new String(header.value(), StandardCharsets.UTF_8));
                }
            }
            Optional<String> to = PoisonMessages.unparkTo(headers)
                    .filter(topic -> inputs.orElse(List.of()).contains(topic));
            if (to.isEmpty()) {
                return; // not ours, or not readable by this build either: a newer one sends it back
            }
            KafkaSends.sendAll(resend, List.of(new Outgoing(record.key(), record.value(), to.get())));
            registry.counter("plmlab_unparked_total", "topic", to.get()).increment();
            LOG.infof("sent a parked version %s record (from %s@%s) back to %s: this build (message version %d) reads it",
                    headers.get(PoisonMessages.MESSAGE_VERSION), headers.get(PoisonMessages.SOURCE_PARTITION),
                    headers.get(PoisonMessages.SOURCE_OFFSET), to.get(), Messages.VERSION);
        } catch (RuntimeException e) {
            // the record stays on plmlab.parked; nothing here may stop the consumer
            LOG.errorf(e, "could not send a parked record (%s@%d) back: %s", record.topic(), record.offset(), e.getMessage());
            registry.counter("plmlab_handler_errors_total", "topic", record.topic()).increment();
        }
    }
}
