package dev.observableorders.story;

import static dev.observableorders.support.ScriptedPartners.DECLINED;
import static dev.observableorders.support.ScriptedPartners.GATEWAY_DOWN;
import static dev.observableorders.support.ScriptedPartners.WAREHOUSE_FLAKY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.observableorders.support.RealRestateTest;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code /orders/{id}} tells one order's story from the real Restate server's journal,
 * the stored result and this instance's log lines.
 */
class OrderStoryIT extends RealRestateTest {

	private static final ObjectMapper JSON = new ObjectMapper();

	private final HttpClient http = HttpClient.newHttpClient();

	@Test
	void completedOrderReadsAsPaidAndHandedOverWithItsStepsAndLogLines() throws Exception {
		this.ingress.processOrder("story-1", order("story-1", "cust-1"));

		JsonNode story = awaitStory("story-1", "Order processing completed");

		assertThat(story.path("sentence").asText()).matches(
				"Completed in [0-9.]+ s: paid on the first attempt, handed to the warehouse on the first attempt\\.");
		assertThat(story.path("result").path("status").asText()).isEqualTo("completed");
		assertThat(story.path("invocations")).singleElement().satisfies((invocation) -> {
			assertThat(invocation.path("status").asText()).isEqualTo("completed");
			assertThat(names(invocation.path("journal"))).contains("payment", "fulfillment");
		});
		assertThat(messages(story)).contains("Processing order started", "Payment successful",
				"Order processing completed");
		assertThat(story.path("logs").path("window").asInt()).isEqualTo(10_000);
	}

	@Test
	void orderRetriedByAFlakyWarehouseSaysTheHandOverWasRetriedAndWhy() throws Exception {
		this.ingress.processOrder("story-flaky", order("story-flaky", WAREHOUSE_FLAKY + "1"));

		JsonNode story = awaitStory("story-flaky", "Order processing completed");

		assertThat(story.path("sentence").asText()).startsWith("Completed in ")
			.contains("paid on the first attempt, handed to the warehouse after retrying (")
			.contains("(scripted)");
	}

	@Test
	void declinedAndFailedPaymentsSayWhatHappenedToTheMoney() throws Exception {
		this.ingress.processOrder("story-declined", order("story-declined", DECLINED + "1"));
		this.ingress.processOrder("story-down", order("story-down", GATEWAY_DOWN + "1"));

		assertThat(awaitStory("story-declined", "Payment declined").path("sentence").asText())
			.startsWith("Declined in ")
			.endsWith(": the payment gateway declined the charge on the first attempt.");
		assertThat(awaitStory("story-down", "Payment processing failed").path("sentence").asText())
			.startsWith("Failed in ")
			.contains("the payment could not be processed after retrying (gateway down (scripted))")
			.endsWith("; the gateway held no charge for it.");
	}

	@Test
	void anOrderRestateNeverSawIsSaidToBeUnknown() throws Exception {
		HttpResponse<String> answer = get("/orders/never-submitted", "application/json");

		assertThat(answer.statusCode()).isEqualTo(200);
		assertThat(JSON.readTree(answer.body()).path("sentence").asText())
			.startsWith("Restate knows no order with this id");
	}

	@Test
	void thePageShowsTheSentenceAndEscapesWhatACallerWrote() throws Exception {
		this.ingress.processOrder("story-page", order("story-page", "cust-1"));
		awaitStory("story-page", "Order processing completed");

		HttpResponse<String> page = get("/orders/story-page", "text/html");
		String script = "<script>alert(1)</script>";
		HttpResponse<String> scripted = get("/orders/" + URLEncoder.encode(script, StandardCharsets.UTF_8),
				"text/html");
		String quoted = "x'onmouseover='alert(1)";
		HttpResponse<String> forged = get("/orders/" + URLEncoder.encode(quoted, StandardCharsets.UTF_8), "text/html");

		assertThat(page.statusCode()).isEqualTo(200);
		assertThat(page.headers().firstValue("content-type"))
			.hasValueSatisfying((type) -> assertThat(type).startsWith("text/html"));
		assertThat(page.body()).contains("<p class=\"sentence\" id=\"sentence\">Completed in ", "story-page",
				"<b class=\"step\">payment</b>", "Processing order started");
		assertThat(scripted.statusCode()).as("the server refuses < and > in a path before we see it").isEqualTo(400);
		assertThat(scripted.body()).doesNotContain(script);
		assertThat(forged.statusCode()).isEqualTo(400);
		assertThat(forged.body()).contains("x&#39;onmouseover=&#39;alert(1)").doesNotContain(quoted);
	}

	/** The story once the order's log line has reached the window. */
	private JsonNode awaitStory(String orderId, String lastLine) {
		List<JsonNode> story = new ArrayList<>();
		await("the story of " + orderId).atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
			HttpResponse<String> answer = get("/orders/" + orderId, "application/json");
			assertThat(answer.statusCode()).isEqualTo(200);
			JsonNode read = JSON.readTree(answer.body());
			assertThat(messages(read)).contains(lastLine);
			story.add(0, read);
		});
		return story.get(0);
	}

	private static List<String> messages(JsonNode story) {
		List<String> messages = new ArrayList<>();
		story.path("logs").path("lines").forEach((line) -> messages.add(line.path("message").asText()));
		return messages;
	}

	private static List<String> names(JsonNode journal) {
		List<String> names = new ArrayList<>();
		journal.forEach((entry) -> names.add(entry.path("name").asText()));
		return names;
	}

	private HttpResponse<String> get(String path, String accept) throws IOException, InterruptedException {
		return this.http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.managementPort + path))
			.header("Accept", accept)
			.build(), HttpResponse.BodyHandlers.ofString());
	}

	/** The seed's order. */
	private static String order(String orderId, String customerId) {
		return """
				{"id":"%s","customerId":"%s","items":["item1","item2"],"total":99.99}""".formatted(orderId, customerId);
	}

}
