/**
 * The HTML renderer of a {@link dev.plmlab.report.document.ReportDocument}: one self-contained page (inline CSS,
 * a small inline table sorter, plots drawn as SVG by Java so they show with scripts off), entered through
 * {@link dev.plmlab.report.html.HtmlReport#render}.
 */
package dev.plmlab.report.html;
