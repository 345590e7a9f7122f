package dev.observableorders.cluster;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * What callers felt around a failure, from the times answers arrived: the longest gap
 * between two answers and how long until throughput came back.
 *
 * @param answeredAtNanos {@link System#nanoTime()} of every answer, in any order
 */
record Throughput(List<Long> answeredAtNanos) {

	private static final long WINDOW = Duration.ofSeconds(1).toNanos();

	private static final long STEP = Duration.ofMillis(100).toNanos();

	Throughput {
		answeredAtNanos = answeredAtNanos.stream().sorted().toList();
	}

	/** Answers per second between two instants. */
	double perSecond(long fromNanos, long toNanos) {
		return count(fromNanos, toNanos) * 1e9 / (toNanos - fromNanos);
	}

	/**
	 * The longest time without any answer, from the last answer before {@code fromNanos}
	 * to the first after {@code toNanos} at the latest.
	 */
	Duration longestStall(long fromNanos, long toNanos) {
		long previous = fromNanos;
		long longest = 0;
		for (long at : this.answeredAtNanos) {
			if (at <= fromNanos) {
				previous = at;
				continue;
			}
			longest = Math.max(longest, at - previous);
			previous = at;
			if (at > toNanos) {
				break;
			}
		}
		return Duration.ofNanos(longest);
	}

	/**
	 * From {@code fromNanos} to the end of the first one-second window whose answers
	 * reach {@code share} of {@code baselinePerSecond}; empty if none does before
	 * {@code untilNanos}.
	 */
	Optional<Duration> recovery(long fromNanos, long untilNanos, double baselinePerSecond, double share) {
		for (long start = fromNanos; start + WINDOW <= untilNanos; start += STEP) {
			if (count(start, start + WINDOW) >= share * baselinePerSecond) {
				return Optional.of(Duration.ofNanos(start + WINDOW - fromNanos));
			}
		}
		return Optional.empty();
	}

	private long count(long fromNanos, long toNanos) {
		return this.answeredAtNanos.stream().filter((at) -> at > fromNanos && at <= toNanos).count();
	}

}
