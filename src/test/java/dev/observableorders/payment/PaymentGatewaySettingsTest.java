package dev.observableorders.payment;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;

/**
 * The gateway's key as docs/configuration.md says to give it: from a mounted secret file
 * through Spring's config tree, never from a committed file, and never printed.
 */
class PaymentGatewaySettingsTest {

	@Test
	void theApiKeyIsReadFromASecretFileAndNeverPrinted(@TempDir Path secrets) throws Exception {
		Files.writeString(secrets.resolve("payment.gateway.api-key"), "sk_live_from_file\n");

		try (ConfigurableApplicationContext context = new SpringApplicationBuilder(Settings.class)
			.web(WebApplicationType.NONE)
			.properties("spring.config.import=optional:configtree:" + secrets + "/",
					"payment.gateway.url=https://gateway.example/v1")
			.run()) {
			PaymentGatewayProperties gateway = context.getBean(PaymentGatewayProperties.class);

			assertThat(gateway.apiKey()).isEqualTo("sk_live_from_file");
			assertThat(gateway.connection().apiKey()).isEqualTo("sk_live_from_file");
			assertThat(gateway).asString().doesNotContain("sk_live").contains("apiKey=(set)");
			assertThat(gateway.connection()).asString().doesNotContain("sk_live");
		}
	}

	@Configuration(proxyBeanMethods = false)
	@EnableConfigurationProperties(PaymentGatewayProperties.class)
	static class Settings {

	}

}
