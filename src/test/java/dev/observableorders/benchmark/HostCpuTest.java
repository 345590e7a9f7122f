package dev.observableorders.benchmark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class HostCpuTest {

	@Test
	void stealIsTheStolenShareOfAllTicksBetweenTwoReadings() {
		// user nice system idle iowait irq softirq steal guest guest_nice
		HostCpu before = HostCpu.parse("cpu  3927579 1064 519464 2039550 49189 0 87218 218398 0 0");
		HostCpu after = HostCpu.parse("cpu  3927875 1064 519632 2040290 49295 0 87251 219438 0 0");

		HostCpu between = after.since(before);

		assertThat(between).isEqualTo(new HostCpu(296 + 168 + 33, 740 + 106, 1040));
		assertThat(between.stealShare()).isCloseTo(1040.0 / (497 + 846 + 1040), within(1e-9));
	}

	@Test
	void aKernelWithoutTheStealColumnCountsNone() {
		HostCpu old = HostCpu.parse("cpu  100 0 50 800 10 0 5");

		assertThat(old.stealShare()).isZero();
	}

	@Test
	void aFailedReadingMakesTheShareUnknownNotNegative() {
		HostCpu reading = HostCpu.parse("cpu  100 0 50 800 10 0 5 20");

		assertThat(HostCpu.NONE.since(reading).stealShare()).isNaN();
		assertThat(reading.since(HostCpu.NONE).stealShare()).isNaN();
	}

	@Test
	void onlyTheAggregateLineIsRead() {
		assertThatIllegalArgumentException().isThrownBy(() -> HostCpu.parse("cpu0 1 2 3 4 5 6 7 8"));
	}

	@Test
	void thisMachineCountsTicks() {
		HostCpu now = HostCpu.read();

		assertThat(now.busy() + now.idle()).as("a Linux /proc/stat").isPositive();
	}

}
