package dev.observableorders.payment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;

/**
 * A payment gateway over HTTP, in the style of card processors' APIs. Every request
 * carries an {@code Idempotency-Key}; amounts are integers in cents with
 * {@code "currency":"USD"}.
 * <ul>
 * <li>{@code POST /charges} {@code {"orderId","customerId","amount","currency"}}:
 * {@code 200 {"status":"approved","reference":…}} or {@code 200
 * {"status":"declined"}};</li>
 * <li>{@code POST /refunds} {@code {"orderId","chargeReference","amount","currency"}}:
 * {@code 200 {"status":"refunded","reference":…}};</li>
 * <li>{@code POST /charges/{chargeKey}/void} {@code {"orderId"}}: {@code 200
 * {"status":"voided"}} or {@code 200 {"status":"not_found"}}.</li>
 * </ul>
 * Unknown outcomes, retried with the same key: no answer, timeouts, 5xx, 408, 409 (the
 * same key is still in progress), 429, a body that is not JSON. Final refusals: any other
 * 4xx, or JSON this client does not understand. Nothing the gateway wrote is passed on:
 * messages name the status code and the gateway's {@code Request-Id}.
 */
class HttpPaymentGateway implements PaymentGateway {

	private static final ObjectMapper JSON = new ObjectMapper();

	/**
	 * References are stored and shown in results: only plain identifiers are accepted.
	 */
	private static final Pattern REFERENCE = Pattern.compile("[A-Za-z0-9._:@-]{1,200}");

	private static final Pattern REQUEST_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");

	private final PaymentGatewayProperties properties;

	private final HttpClient http;

	HttpPaymentGateway(PaymentGatewayProperties properties) {
		this.properties = properties;
		this.http = HttpClient.newBuilder()
			.version(HttpClient.Version.HTTP_1_1)
			.connectTimeout(properties.timeout())
			.build();
	}

	@Override
	public PaymentDecision charge(PaymentRequest request) {
		ObjectNode body = JSON.createObjectNode()
			.put("orderId", request.orderId())
			.put("customerId", request.customerId())
			.put("amount", cents(request.amount()))
			.put("currency", CURRENCY);
		Answer answer = post("/charges", request.idempotencyKey(), body);
		return switch (answer.status()) {
			case "approved" -> PaymentDecision.approved(answer.reference());
			case "declined" -> PaymentDecision.declined("declined by the payment gateway");
			default -> throw answer.unexpected();
		};
	}

	@Override
	public String refund(RefundRequest request) {
		ObjectNode body = JSON.createObjectNode()
			.put("orderId", request.orderId())
			.put("chargeReference", request.chargeReference())
			.put("amount", cents(request.amount()))
			.put("currency", CURRENCY);
		Answer answer = post("/refunds", request.idempotencyKey(), body);
		if (!"refunded".equals(answer.status())) {
			throw answer.unexpected();
		}
		return answer.reference();
	}

	@Override
	public VoidOutcome voidCharge(VoidRequest request) {
		ObjectNode body = JSON.createObjectNode().put("orderId", request.orderId());
		Answer answer = post("/charges/" + request.chargeKey() + "/void", request.idempotencyKey(), body);
		return switch (answer.status()) {
			case "voided" -> VoidOutcome.VOIDED;
			case "not_found" -> VoidOutcome.NOT_FOUND;
			default -> throw answer.unexpected();
		};
	}

	/** Exact: amounts have at most two decimals once validated, else this throws. */
	private static long cents(BigDecimal dollars) {
		return dollars.movePointRight(2).longValueExact();
	}

	private Answer post(String path, String idempotencyKey, ObjectNode body) {
		String operation = operation(path);
		// no per-request timeout: send() keeps one deadline for the whole call
		HttpRequest request = HttpRequest.newBuilder(resolve(path))
			.header("Content-Type", "application/json")
			.header("Idempotency-Key", idempotencyKey)
			.POST(HttpRequest.BodyPublishers.ofString(body.toString()))
			.build();
		HttpResponse<byte[]> response = send(request, operation);
		int status = response.statusCode();
		String requestId = response.headers()
			.firstValue("Request-Id")
			.filter((id) -> REQUEST_ID.matcher(id).matches())
			.map((id) -> ", request " + id)
			.orElse("");
		if (status >= 500 || status == 408 || status == 409 || status == 429) {
			throw new PaymentUnavailableException(
					"payment gateway answered the " + operation + " with " + status + requestId);
		}
		if (status / 100 != 2) {
			throw new PaymentRejectedException(
					"payment gateway refused the " + operation + " with " + status + requestId);
		}
		try {
			return new Answer(JSON.readTree(response.body()), operation, requestId);
		}

		catch (IOException ex) {
			throw new PaymentUnavailableException(
					"payment gateway answered the " + operation + " with invalid JSON" + requestId);
		}
	}

	/**
	 * One deadline for the whole call, the answer's body included (a gateway that sends
	 * its answer slowly is as unanswered as a silent one), and a cap on the body's size.
	 */
	private HttpResponse<byte[]> send(HttpRequest request, String operation) {
		CompletableFuture<HttpResponse<byte[]>> call = this.http.sendAsync(request,
				atMost(this.properties.maxAnswerSize().toBytes()));
		try {
			return call.get(this.properties.timeout().toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (TimeoutException ex) {
			call.cancel(true);
			throw notWithin(operation);
		}
		catch (ExecutionException ex) {
			if (ex.getCause() instanceof HttpTimeoutException) {
				throw notWithin(operation);
			}
			if (ex.getCause() instanceof AnswerTooLarge) {
				throw new PaymentRejectedException("payment gateway gave an answer over "
						+ this.properties.maxAnswerSize().toKilobytes() + " KB to the " + operation);
			}
			throw new PaymentUnavailableException("payment gateway did not answer the " + operation + " ("
					+ ex.getCause().getClass().getSimpleName() + ")");
		}
		catch (InterruptedException ex) {
			call.cancel(true);
			Thread.currentThread().interrupt();
			throw new PaymentUnavailableException("interrupted while calling the payment gateway");
		}
	}

	private PaymentUnavailableException notWithin(String operation) {
		return new PaymentUnavailableException("payment gateway did not answer the " + operation + " within "
				+ this.properties.timeout().toMillis() + " ms");
	}

	/** Collects an answer's body, giving up as soon as it grows past {@code limit}. */
	private static HttpResponse.BodyHandler<byte[]> atMost(long limit) {
		return (info) -> new HttpResponse.BodySubscriber<>() {

			private final CompletableFuture<byte[]> body = new CompletableFuture<>();

			private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

			private Flow.Subscription subscription;

			@Override
			public void onSubscribe(Flow.Subscription subscription) {
				this.subscription = subscription;
				subscription.request(Long.MAX_VALUE);
			}

			@Override
			public void onNext(List<ByteBuffer> buffers) {
				for (ByteBuffer buffer : buffers) {
					if (this.bytes.size() + buffer.remaining() > limit) {
						this.subscription.cancel();
						this.body.completeExceptionally(new AnswerTooLarge());
						return;
					}
					byte[] chunk = new byte[buffer.remaining()];
					buffer.get(chunk);
					this.bytes.write(chunk, 0, chunk.length);
				}
			}

			@Override
			public void onError(Throwable failure) {
				this.body.completeExceptionally(failure);
			}

			@Override
			public void onComplete() {
				this.body.complete(this.bytes.toByteArray());
			}

			@Override
			public CompletionStage<byte[]> getBody() {
				return this.body;
			}

		};
	}

	/** The gateway's answer is larger than {@code payment.gateway.max-answer-size}. */
	private static final class AnswerTooLarge extends RuntimeException {

		AnswerTooLarge() {
			super(null, null, false, false);
		}

	}

	private URI resolve(String path) {
		return this.properties.url().resolve(this.properties.url().getPath().replaceAll("/$", "") + path);
	}

	private static String operation(String path) {
		if (path.endsWith("/void")) {
			return "void";
		}
		return path.equals("/charges") ? "charge" : "refund";
	}

	private record Answer(JsonNode json, String operation, String requestId) {

		String status() {
			return this.json.path("status").asText();
		}

		String reference() {
			String reference = this.json.path("reference").asText();
			if (!REFERENCE.matcher(reference).matches()) {
				throw unexpected();
			}
			return reference;
		}

		PaymentRejectedException unexpected() {
			return new PaymentRejectedException(
					"payment gateway gave an unexpected answer to the " + this.operation + this.requestId);
		}

	}

}
