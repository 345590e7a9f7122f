package dev.observableorders.traffic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class TrafficSummaryTest {

	@Test
	void slicesMergeIntoOneRunWhosePercentilesComeFromAllTheirLatenciesNotFromTheirPercentiles() {
		Histogram fast = new Histogram(3);
		for (int i = 0; i < 150; i++) {
			fast.recordValue(10_000);
		}
		Histogram slow = new Histogram(3);
		for (int i = 0; i < 49; i++) {
			slow.recordValue(30_000);
		}
		slow.recordValue(40_000);
		Histogram both = new Histogram(3);
		both.add(fast);
		both.add(slow);

		TrafficSummary merged = TrafficSummary.merge(
				List.of(slice(150, 10, Map.of("completed", 150L)), slice(50, 10, Map.of("completed", 49L, "x", 1L))),
				both);

		assertThat(merged.answered()).isEqualTo(200);
		assertThat(merged.seconds()).isEqualTo(20);
		assertThat(merged.ordersPerSecond()).isEqualTo(10);
		assertThat(merged.outcomes()).containsExactlyInAnyOrderEntriesOf(Map.of("completed", 199L, "x", 1L));
		// the slices' own p50s are 10 and 30 ms; three quarters of all answers took 10 ms
		assertThat(merged.latencyMs().p50()).isEqualTo(10.0, within(0.01));
		assertThat(merged.latencyMs().p99()).isEqualTo(30.0, within(0.05));
		assertThat(merged.latencyMs().max()).isEqualTo(40.0, within(0.05));
	}

	private static TrafficSummary slice(long answered, double seconds, Map<String, Long> outcomes) {
		return new TrafficSummary("http://127.0.0.1:8080", 1, 0, "valid=100,invalid=0,resubmit=0", seconds, answered, 0,
				answered / seconds, new TrafficSummary.Latency(0, 0, 0, 0, 0, 0), outcomes, List.of());
	}

}
