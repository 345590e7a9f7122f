package dev.observableorders.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The cluster and the benchmarks choose many ports before binding any: a port handed out
 * twice makes one of two servers fail with "already in use".
 */
class FreePortTest {

	@Test
	void aPortIsNeverHandedOutTwiceInOneJvmEvenBeforeAnythingBindsIt() {
		int[] ports = IntStream.range(0, 2_000).map((i) -> RestateServer.freePort()).toArray();

		assertThat(ports).doesNotHaveDuplicates();
		assertThat(IntStream.of(ports).min().orElseThrow()).isGreaterThanOrEqualTo(10_000);
		assertThat(IntStream.of(ports).max().orElseThrow()).isLessThan(20_000);
	}

}
