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

/** Status of the experiments this orchestrator follows. */
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
        ExperimentRun run = orchestrator.run(id).orElseThrow(() -> new NotFoundException("no experiment " + id));
        return new Status(id, run.spec().name(), ExperimentRun.STAGES.stream().map(run::progress).toList());
    }
}
