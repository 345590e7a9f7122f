package dev.observableorders.restate.endpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.observableorders.OrdersApplication;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * An endpoint that listens beyond loopback without request identity would take forged
 * journals from anyone who reaches it: the service refuses to start that way by default.
 */
@ExtendWith(OutputCaptureExtension.class)
class EndpointSigningTest {

	@Test
	void serviceRefusesToListenBeyondLoopbackUnsigned() {
		assertThatThrownBy(() -> SpringApplication.run(OrdersApplication.class,
				"--restate.deployment.bind-address=0.0.0.0", "--restate.sdk.http.port=0", "--server.port=0"))
			.rootCause()
			.isInstanceOf(IllegalStateException.class)
			.hasMessageStartingWith("The Restate endpoint would accept unsigned requests on 0.0.0.0:0")
			.hasMessageContaining("Set restate.sdk.identity-key")
			.hasMessageContaining("restate.deployment.bind-address=127.0.0.1")
			.hasMessageContaining("restate.deployment.allow-unsigned=true");
	}

	@Test
	void loopbackIsTheDefaultAndNeedsNoKey() {
		try (ConfigurableApplicationContext service = SpringApplication.run(OrdersApplication.class,
				"--restate.sdk.http.port=0", "--server.port=0")) {
			assertThat(service.getBean(RestateDeploymentProperties.class).bindAddress()).isEqualTo("127.0.0.1");
		}
	}

	@Test
	void anOperatorMayAcceptTheRiskAndIsWarned(CapturedOutput output) {
		try (ConfigurableApplicationContext service = SpringApplication.run(OrdersApplication.class,
				"--restate.deployment.bind-address=0.0.0.0", "--restate.deployment.allow-unsigned=true",
				"--restate.sdk.http.port=0", "--server.port=0")) {
			assertThat(service.isRunning()).isTrue();
			// the console appender writes each line up to 100 ms (its linger) late
			await("the warning on stdout").atMost(Duration.ofSeconds(5))
				.untilAsserted(() -> assertThat(output).contains("\"level\":\"WARN\"")
					.contains("The Restate endpoint accepts unsigned requests on 0.0.0.0:0"));
		}
	}

}
