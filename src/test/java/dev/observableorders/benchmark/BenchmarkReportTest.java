package dev.observableorders.benchmark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.within;

import dev.observableorders.traffic.TrafficSummary;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The report's targets are medians of per-round ratios with their range: within a round
 * the variants took turns in the same minutes, so comparing within a round spares the
 * ratio the drift between rounds.
 */
class BenchmarkReportTest {

	private static final Benchmark.Options OPTIONS = Benchmark.Options.parse("--rounds", "3", "--variants", "a,b,c");

	@Test
	void ratiosPairVariantsOfTheSameRoundAndComeSorted() {
		// round 2 is slow for both variants: its ratio is as good as the others'
		BenchmarkReport report = new BenchmarkReport(OPTIONS,
				List.of(measured(Variant.A, 1, 1.10), measured(Variant.B, 1, 1.00), measured(Variant.A, 2, 2.42),
						measured(Variant.B, 2, 2.00), measured(Variant.A, 3, 1.05), measured(Variant.B, 3, 1.00)));

		double[] ratios = report.ratios(Variant.A, Variant.B, Measurement::serviceCpuMsPerOrder);

		assertThat(ratios).containsExactly(new double[] { 1.05, 1.10, 1.21 }, within(1e-9));
	}

	@Test
	void aTargetIsJudgedOnTheMedianRatioAndShowsTheRange() {
		BenchmarkReport report = new BenchmarkReport(OPTIONS,
				List.of(measured(Variant.A, 1, 1.30), measured(Variant.B, 1, 1.00), measured(Variant.A, 2, 1.08),
						measured(Variant.B, 2, 1.00), measured(Variant.A, 3, 1.05), measured(Variant.B, 3, 1.00)));

		assertThat(report.targets())
			.contains("| (a) service CPU per order at most 1.10 × (b) (primary) | 1.080 | 1.050–1.300 | met |");
	}

	@Test
	void variantESplitsTheCostIntoTheLogLinesAndTheRest() {
		BenchmarkReport report = new BenchmarkReport(OPTIONS,
				List.of(measured(Variant.A, 1, 1.20), measured(Variant.B, 1, 1.00), measured(Variant.E, 1, 1.05)));

		assertThat(report.targets())
			.contains("| split: the order flow's JSON log lines, (a)/(e) service CPU per order | 1.143 |")
			.contains("| split: the rest of observability (meters, spans, log context), (e)/(b) | 1.050 |");
	}

	@Test
	void variantRJudgesTheWholeSystemsCostAgainstRestatesDefaults() {
		// service 1.0 ms per order in both; Restate 2.0 ms configured against 4.0 with
		// its
		// defaults: the system's 3.0 against 5.0, throughput the same
		BenchmarkReport report = new BenchmarkReport(OPTIONS,
				List.of(withRestate(Variant.A, 1, 1.0, 2.0), withRestate(Variant.R, 1, 1.0, 4.0)));

		assertThat(report.targets()).contains(
				"| (a) system CPU per order (service + Restate) at most 0.70 × (r), paced | 0.600 | 0.600–0.600 | met |")
			.contains("| split: Restate's CPU per order, (a)/(r) | 0.500 |")
			.contains("| (a) saturated throughput at least 1.30 × (r) | 1.000 | 1.000–1.000 | **missed** |");
		assertThat(report.table()).contains("| 3.00 [3.00–3.00] |").contains("| 5.00 [5.00–5.00] |");
	}

	@Test
	void aRoundMissingOneVariantGivesNoRatio() {
		BenchmarkReport report = new BenchmarkReport(OPTIONS,
				List.of(measured(Variant.A, 1, 1.30), measured(Variant.B, 2, 1.00)));

		assertThat(report.ratios(Variant.A, Variant.B, Measurement::serviceCpuMsPerOrder)).isEmpty();
	}

	@Test
	void theHypervisorsShareIsReportedWithItsRange() {
		BenchmarkReport report = new BenchmarkReport(OPTIONS,
				List.of(measured(Variant.A, 1, 1.10, 0.02), measured(Variant.B, 1, 1.00, 0.44),
						measured(Variant.A, 2, 1.10, 0.10), measured(Variant.B, 2, 1.00, Double.NaN)));

		assertThat(report.hostSteal(Measurement::pacedHostSteal)).isEqualTo("10% (median; 2–44%)");
		assertThat(report.hostSteal(Measurement::serialHostSteal)).startsWith("30% ");
	}

	@Test
	void aRunLineSaysWhichStealWasNotMeasured() {
		assertThat(measured(Variant.B, 2, 1.00, Double.NaN).line())
			.endsWith("host steal at concurrency 1 30%, paced not measured");
		assertThat(measured(Variant.B, 2, 1.00, Double.NaN).row()).startsWith("| (b) | 2 |")
			.endsWith("| 30% / not measured |\n");
	}

	@Test
	void throughputCannotBeSkipped() {
		assertThatIllegalArgumentException().isThrownBy(() -> Benchmark.Options.parse("--duration", "0s"))
			.withMessageContaining("--duration must be at least 1s");
	}

	/** A measurement whose paced phase cost {@code cpuMsPerOrder} at 100 orders/s. */
	private static Measurement measured(Variant variant, int round, double cpuMsPerOrder) {
		return measured(variant, round, cpuMsPerOrder, 0.05);
	}

	/** Service and Restate CPU per order at the paced 100 orders/s. */
	private static Measurement withRestate(Variant variant, int round, double serviceMs, double restateMs) {
		Measurement measured = measured(variant, round, serviceMs, 0.05);
		return new Measurement(variant, round, measured.paced(), measured.serviceCores(), restateMs * 100 / 1000,
				Map.of(), measured.saturated(), measured.serviceMaxRssBytes(), measured.serial(), 60, 0.05, 0.30);
	}

	private static Measurement measured(Variant variant, int round, double cpuMsPerOrder, double pacedHostSteal) {
		TrafficSummary traffic = new TrafficSummary("http://127.0.0.1:8080", 64, 100, "valid=100", 40, 4000, 0, 100,
				new TrafficSummary.Latency(10, 15, 20, 25, 30, 12), Map.of("completed", 4000L), List.of());
		return new Measurement(variant, round, traffic, cpuMsPerOrder * 100 / 1000, 0.3, Map.of(), traffic,
				200L * 1024 * 1024, traffic, 60, pacedHostSteal, 0.30);
	}

}
