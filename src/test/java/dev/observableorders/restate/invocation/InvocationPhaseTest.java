package dev.observableorders.restate.invocation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;

import dev.restate.sdk.core.statemachine.InvocationState;
import java.lang.reflect.Method;
import org.junit.jupiter.api.Test;

/**
 * The replay check reaches into SDK 2.4.1's package-private handler context. These fail
 * loudly when an SDK upgrade changes what it reads: then outcomes would be counted and
 * logged again on every replay.
 */
class InvocationPhaseTest {

	@Test
	void theSdkStillExposesTheInvocationStateAsAnEnumWithAReplayingState() throws Exception {
		Method accessor = Class.forName("dev.restate.sdk.core.HandlerContextInternal").getMethod("getInvocationState");

		assertThat(accessor.getReturnType()).isEqualTo(InvocationState.class);
		assertThat(InvocationState.valueOf("REPLAYING")).isNotNull();
		assertThatNoException().isThrownBy(InvocationPhase::verifyAvailable);
	}

	@Test
	void outsideAHandlerNothingIsReplaying() {
		assertThat(InvocationPhase.isReplaying()).isFalse();
	}

}
