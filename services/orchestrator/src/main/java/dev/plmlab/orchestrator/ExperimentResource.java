package dev.plmlab.orchestrator;

import dev.plmlab.model.messages.Progress;
import dev.plmlab.model.plan.ExperimentRun;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;

/**
 * Status of an experiment: live from the run this replica follows, else as last stored (an experiment another
 * replica follows, one that has finished, or one this replica has not taken up yet after a restart).
 */
@Path("/experiments")
@Produces(MediaType.APPLICATION_JSON)
public class ExperimentResource {

    @Inject
    Orchestrator orchestrator;

    public record Status(String experimentId, String name, List<Progress> stages) {
    }

    @GET
    @Path("/{id}")
    public Status status(@PathParam("id") String id) {
        return orchestrator.run(id)
                .map(run -> new Status(id, run.spec().name(), ExperimentRun.STAGES.stream().map(run::progress).toList()))
                .or(() -> orchestrator.storedStatus(id).map(stored -> new Status(id, stored.name(), stored.stages())))
                .orElseThrow(() -> new NotFoundException("no experiment " + id));
    }
}
