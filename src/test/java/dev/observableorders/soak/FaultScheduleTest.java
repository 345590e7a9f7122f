package dev.observableorders.soak;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.observableorders.soak.FaultSchedule.Fault;
import dev.observableorders.soak.FaultSchedule.Kind;
import dev.observableorders.soak.FaultSchedule.Timing;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class FaultScheduleTest {

	private static final Duration TWO_MINUTES = Duration.ofMinutes(2);

	private static final Duration DRAIN = Duration.ofSeconds(30);

	@Test
	void theSameSeedDrawsTheSameFaultsAndAnotherSeedOthers() {
		List<Fault> first = FaultSchedule.draw(42, TWO_MINUTES, DRAIN, 3, 2, Timing.SHORT);

		assertThat(FaultSchedule.draw(42, TWO_MINUTES, DRAIN, 3, 2, Timing.SHORT)).isEqualTo(first);
		assertThat(FaultSchedule.draw(43, TWO_MINUTES, DRAIN, 3, 2, Timing.SHORT)).isNotEqualTo(first);
	}

	@Test
	void aShortRunHasEveryKindOfFaultAndNoneStartsOrLastsIntoTheDrain() {
		for (long seed = 0; seed < 200; seed++) {
			String drawn = "seed " + seed;
			List<Fault> faults = FaultSchedule.draw(seed, TWO_MINUTES, DRAIN, 3, 2, Timing.SHORT);

			assertThat(faults).extracting(Fault::kind).as(drawn).contains(Kind.values());
			assertThat(faults)
				.allSatisfy((fault) -> assertThat(fault.end()).as(drawn).isLessThanOrEqualTo(TWO_MINUTES.minus(DRAIN)));
			assertThat(faults).extracting(Fault::at).isSorted();
		}
	}

	@Test
	void neverTwoProcessesAreDownAtOnceSoNeverTwoRestateNodes() {
		for (long seed = 0; seed < 200; seed++) {
			String drawn = "seed " + seed;
			List<Fault> processes = FaultSchedule.draw(seed, Duration.ofMinutes(30), DRAIN, 3, 2, Timing.LONG)
				.stream()
				.filter((fault) -> fault.kind().process)
				.toList();
			for (int i = 1; i < processes.size(); i++) {
				assertThat(processes.get(i).at()).as(drawn + ": " + processes.get(i))
					.isGreaterThan(processes.get(i - 1).end());
			}
			assertThat(processes).filteredOn((fault) -> fault.kind() == Kind.RESTATE_NODE)
				.extracting(Fault::target)
				.allSatisfy((node) -> assertThat(node).isBetween(1, 3));
		}
	}

	@Test
	void aRunTooShortForEveryKindIsRefusedSayingSo() {
		assertThatThrownBy(() -> FaultSchedule.draw(42, Duration.ofSeconds(40), DRAIN, 3, 2, Timing.SHORT))
			.isInstanceOf(IllegalArgumentException.class)
			.hasMessageStartingWith("A run of 40 s with 30 s of drain is too short for every kind of fault once");
	}

}
