package dev.observableorders.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ThroughputTest {

	private static final long MS = 1_000_000;

	/** Ten answers a second from 0 to 10 s, none from 10 s to 12.5 s, then ten again. */
	private static final Throughput STALLED = new Throughput(answers());

	private static List<Long> answers() {
		List<Long> at = new ArrayList<>();
		for (long t = 100; t <= 10_000; t += 100) {
			at.add(t * MS);
		}
		for (long t = 12_500; t <= 20_000; t += 100) {
			at.add(t * MS);
		}
		return at;
	}

	@Test
	void longestStallRunsFromTheLastAnswerBeforeTheFailureToTheNextAnswer() {
		assertThat(STALLED.longestStall(10_050 * MS, 15_000 * MS)).isEqualTo(Duration.ofMillis(2500));
		assertThat(STALLED.longestStall(1_000 * MS, 5_000 * MS)).isEqualTo(Duration.ofMillis(100));
	}

	@Test
	void recoveryEndsWithTheFirstSecondBackAtTheWantedShareOfTheBaseline() {
		double baseline = STALLED.perSecond(0, 10_000 * MS);
		assertThat(baseline).isEqualTo(10.0);
		// the window 12.4–13.4 s holds answers at 12.5 … 13.4: ten, the whole baseline
		assertThat(STALLED.recovery(10_000 * MS, 20_000 * MS, baseline, 1.0)).contains(Duration.ofMillis(3400));
		assertThat(STALLED.recovery(10_000 * MS, 20_000 * MS, baseline, 0.5)).contains(Duration.ofMillis(2900));
	}

	@Test
	void noRecoveryWhenThroughputNeverComesBack() {
		assertThat(STALLED.recovery(10_000 * MS, 12_000 * MS, 10, 0.5)).isEmpty();
	}

}
