package dev.observableorders.traffic;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * What a run measured. Latencies in milliseconds, from the request's start (its planned
 * start with {@code --rate}) to the answer.
 */
public record TrafficSummary(String url, int concurrency, double rate, String mix, double seconds, long answered,
		long unexpected, double ordersPerSecond, Latency latencyMs, Map<String, Long> outcomes,
		List<String> unexpectedSamples) {

	public record Latency(double p50, double p90, double p99, double p999, double max, double mean) {

		static Latency of(Histogram micros) {
			return new Latency(ms(micros.getValueAtPercentile(50)), ms(micros.getValueAtPercentile(90)),
					ms(micros.getValueAtPercentile(99)), ms(micros.getValueAtPercentile(99.9)),
					ms(micros.getMaxValue()), Math.round(micros.getMean()) / 1000.0);
		}

		private static double ms(long micros) {
			return micros / 1000.0;
		}

	}

	static TrafficSummary of(TrafficOptions options, double seconds, long answered, long unexpected,
			Map<String, Long> outcomes, List<String> unexpectedSamples, Histogram latency) {
		OrderMix mix = options.mix();
		return new TrafficSummary(options.url().toString(), options.concurrency(), options.rate(),
				"valid=%d,invalid=%d,resubmit=%d".formatted(mix.valid(), mix.invalid(), mix.resubmit()),
				Math.round(seconds * 1000) / 1000.0, answered, unexpected,
				Math.round(answered / Math.max(seconds, 0.001) * 10) / 10.0, Latency.of(latency), outcomes,
				unexpectedSamples);
	}

	/**
	 * One summary of runs measured in slices: answers, time and outcomes added up,
	 * latencies from their merged histogram ({@link TrafficRun#latencyMicros}).
	 */
	public static TrafficSummary merge(List<TrafficSummary> slices, Histogram latencyMicros) {
		TrafficSummary first = slices.get(0);
		double seconds = slices.stream().mapToDouble(TrafficSummary::seconds).sum();
		long answered = slices.stream().mapToLong(TrafficSummary::answered).sum();
		Map<String, Long> outcomes = new java.util.TreeMap<>();
		slices.forEach(
				(slice) -> slice.outcomes().forEach((outcome, count) -> outcomes.merge(outcome, count, Long::sum)));
		return new TrafficSummary(first.url(), first.concurrency(), first.rate(), first.mix(),
				Math.round(seconds * 1000) / 1000.0, answered,
				slices.stream().mapToLong(TrafficSummary::unexpected).sum(),
				Math.round(answered / Math.max(seconds, 0.001) * 10) / 10.0, Latency.of(latencyMicros), outcomes,
				slices.stream().flatMap((slice) -> slice.unexpectedSamples().stream()).limit(10).toList());
	}

	public void writeJson(Path file) throws IOException {
		new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), this);
	}

	/** The human summary printed at the end of a run. */
	public String text() {
		StringBuilder text = new StringBuilder();
		text.append("%d answers in %.1f s: %.1f orders/s at concurrency %d%s%n".formatted(this.answered, this.seconds,
				this.ordersPerSecond, this.concurrency, (this.rate > 0) ? " (rate " + this.rate + "/s)" : ""));
		text.append("latency ms: p50 %.1f  p90 %.1f  p99 %.1f  p99.9 %.1f  max %.1f%n".formatted(this.latencyMs.p50(),
				this.latencyMs.p90(), this.latencyMs.p99(), this.latencyMs.p999(), this.latencyMs.max()));
		text.append("outcomes: ").append(this.outcomes).append(System.lineSeparator());
		if (this.unexpected > 0) {
			text.append(this.unexpected).append(" unexpected answers, e.g.:").append(System.lineSeparator());
			this.unexpectedSamples.forEach((sample) -> text.append("  ").append(sample).append(System.lineSeparator()));
		}
		return text.toString();
	}

}
