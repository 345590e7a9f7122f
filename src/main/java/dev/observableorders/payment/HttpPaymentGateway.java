package dev.observableorders.payment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.observableorders.partner.PartnerClient;
import dev.observableorders.partner.PartnerConnection;
import java.math.BigDecimal;
import java.util.regex.Pattern;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.web.client.RestClient;

/**
 * A payment gateway over HTTP, in the style of card processors' APIs (docs/orders.md,
 * "Payment gateway contract"). Every request carries an {@code Idempotency-Key}; amounts
 * are integers in cents with {@code "currency":"USD"}.
 * <ul>
 * <li>{@code POST /charges} {@code {"orderId","customerId","amount","currency"}}:
 * {@code 200 {"status":"approved","reference":…}} or {@code 200
 * {"status":"declined"}};</li>
 * <li>{@code POST /refunds} {@code {"orderId","chargeReference","amount","currency"}}:
 * {@code 200 {"status":"refunded","reference":…}};</li>
 * <li>{@code POST /charges/{chargeKey}/void} {@code {"orderId"}}: {@code 200
 * {"status":"voided"}} or {@code 200 {"status":"not_found"}}.</li>
 * </ul>
 * Which answers are unknown outcomes (retried under the same key) and which are refusals:
 * {@link PartnerClient}. A 200 this client does not understand (an unknown
 * {@code status}, a reference that is not a plain identifier) is a refusal: a person must
 * look.
 */
class HttpPaymentGateway implements PaymentGateway {

	private static final ObjectMapper JSON = new ObjectMapper();

	/**
	 * References are stored and shown in results: only plain identifiers are accepted.
	 */
	private static final Pattern REFERENCE = Pattern.compile("[A-Za-z0-9._:@-]{1,200}");

	private final PartnerClient client;

	HttpPaymentGateway(PartnerConnection connection, RestClient.Builder restClient, SslBundles sslBundles) {
		this.client = new PartnerClient("payment gateway", connection, restClient, sslBundles,
				PaymentUnavailableException::new, PaymentRejectedException::new);
	}

	@Override
	public PaymentDecision charge(PaymentRequest request) {
		ObjectNode body = JSON.createObjectNode()
			.put("orderId", request.orderId())
			.put("customerId", request.customerId())
			.put("amount", cents(request.amount()))
			.put("currency", CURRENCY);
		JsonNode answer = this.client.post("charge", "/charges", request.idempotencyKey(), body);
		return switch (answer.path("status").asText()) {
			case "approved" -> PaymentDecision.approved(reference(answer, "charge"));
			case "declined" -> PaymentDecision.declined("declined by the payment gateway");
			default -> throw unexpected("charge");
		};
	}

	@Override
	public String refund(RefundRequest request) {
		ObjectNode body = JSON.createObjectNode()
			.put("orderId", request.orderId())
			.put("chargeReference", request.chargeReference())
			.put("amount", cents(request.amount()))
			.put("currency", CURRENCY);
		JsonNode answer = this.client.post("refund", "/refunds", request.idempotencyKey(), body);
		if (!"refunded".equals(answer.path("status").asText())) {
			throw unexpected("refund");
		}
		return reference(answer, "refund");
	}

	@Override
	public VoidOutcome voidCharge(VoidRequest request) {
		ObjectNode body = JSON.createObjectNode().put("orderId", request.orderId());
		JsonNode answer = this.client.post("void", "/charges/{chargeKey}/void", request.idempotencyKey(), body,
				request.chargeKey());
		return switch (answer.path("status").asText()) {
			case "voided" -> VoidOutcome.VOIDED;
			case "not_found" -> VoidOutcome.NOT_FOUND;
			default -> throw unexpected("void");
		};
	}

	/** Exact: amounts have at most two decimals once validated, else this throws. */
	private static long cents(BigDecimal dollars) {
		return dollars.movePointRight(2).longValueExact();
	}

	private static String reference(JsonNode answer, String operation) {
		String reference = answer.path("reference").asText();
		if (!REFERENCE.matcher(reference).matches()) {
			throw unexpected(operation);
		}
		return reference;
	}

	private static PaymentRejectedException unexpected(String operation) {
		return new PaymentRejectedException("payment gateway gave an unexpected answer to the " + operation);
	}

}
