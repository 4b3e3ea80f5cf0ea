package dev.plmlab.report;

import dev.plmlab.model.results.ResultRow;
import dev.plmlab.model.results.ResultsCsv;
import dev.plmlab.report.document.ReportDocument;
import dev.plmlab.report.html.HtmlReport;
import java.util.List;

/** Renders one experiment's report files from its outcomes; the one way every caller writes a report. */
public final class ExperimentReport {

    private ExperimentReport() {
    }

    public static RenderedReport render(ReportInputs inputs, PredictionsSource predictions) {
        String csv = ResultsCsv.write(inputs.outcomes().stream().flatMap(o -> ResultRow.of(inputs.experiment(), o).stream())
                .toList());
        List<TaskAnalysis> analyses = TaskAnalysis.of(inputs.outcomes(), predictions);
        ReportDocument document = ReportBuilder.document(inputs, analyses);
        return new RenderedReport(csv, StatisticsCsv.write(analyses), MarkdownReport.render(document), HtmlReport.render(document));
    }
}
