package dev.observableorders.partner;

import java.net.URI;
import java.time.Duration;
import org.springframework.util.unit.DataSize;

/**
 * How to reach one partner over HTTP.
 *
 * @param url the partner's base URL; a path is kept ({@code https://host/v1})
 * @param timeout one deadline for the whole call, the answer's body included
 * @param maxAnswerSize a larger answer is refused unread
 * @param apiKey sent as {@code Authorization: Bearer …}; null sends none. Never logged or
 * shown: {@link #toString()} masks it
 * @param sslBundle the name of a Spring Boot SSL bundle ({@code spring.ssl.bundle.*}) for
 * a private CA or a client certificate; null uses the JDK's trust store
 */
public record PartnerConnection(URI url, Duration timeout, DataSize maxAnswerSize, String apiKey, String sslBundle) {

	public PartnerConnection {
		if (apiKey != null && apiKey.isBlank()) {
			apiKey = null;
		}
		if (sslBundle != null && sslBundle.isBlank()) {
			sslBundle = null;
		}
	}

	/** The key stays out of every log line and error message that prints this. */
	@Override
	public String toString() {
		return "PartnerConnection[url=" + this.url + ", timeout=" + this.timeout + ", maxAnswerSize="
				+ this.maxAnswerSize + ", apiKey=" + ((this.apiKey != null) ? "(set)" : "(none)") + ", sslBundle="
				+ this.sslBundle + "]";
	}

}
