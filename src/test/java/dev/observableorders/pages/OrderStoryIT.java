package dev.observableorders.pages;

import static dev.observableorders.support.ScriptedPartners.DECLINED;
import static dev.observableorders.support.ScriptedPartners.GATEWAY_DOWN;
import static dev.observableorders.support.ScriptedPartners.GATEWAY_HELD;
import static dev.observableorders.support.ScriptedPartners.WAREHOUSE_FLAKY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.observableorders.support.Ingress;
import dev.observableorders.support.RealRestateTest;
import dev.observableorders.support.ScriptedPartners.ScriptedPayments;
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
import org.springframework.beans.factory.annotation.Autowired;

/**
 * {@code /orders/{id}} tells one order's story from the real Restate server's journal,
 * the stored result and this instance's log lines; {@code /orders} lists what is
 * unfinished and what was decided last.
 */
class OrderStoryIT extends RealRestateTest {

	private static final ObjectMapper JSON = new ObjectMapper();

	@Autowired
	ScriptedPayments payments;

	private final HttpClient http = HttpClient.newHttpClient();

	@Test
	void completedOrderReadsAsPaidAndHandedOverWithItsStepsAndLogLines() throws Exception {
		this.ingress.processOrder("story-1", Ingress.seedOrder("story-1", "cust-1"));

		JsonNode story = awaitStory("story-1", "Order processing completed");

		assertThat(story.path("sentence").asText()).matches(
				"Completed in [0-9.]+ s: paid on the first attempt, handed to the warehouse on the first attempt\\.");
		assertThat(story.path("result").path("status").asText()).isEqualTo("completed");
		assertThat(story.path("customer").asText()).as("a short customer id is masked whole").isEqualTo("•••");
		assertThat(story.path("trace").path("link").asText()).matches("http://traces\\.test/trace/[0-9a-f]{32}");
		assertThat(story.path("logs").path("link").asText()).isEqualTo("http://logs.test/search?orderId=story-1");
		assertThat(story.path("invocations")).singleElement().satisfies((invocation) -> {
			assertThat(invocation.path("status").asText()).isEqualTo("completed");
			assertThat(names(invocation.path("journal"))).contains("payment", "fulfillment");
		});
		assertThat(messages(story)).contains("Processing order started", "Payment successful",
				"Order processing completed");
		assertThat(story.path("logs").path("window").asInt()).isEqualTo(10_000);
		assertThat(story.path("logs").path("lines").findValuesAsText("keyValues")).contains("itemCount=2",
				"amount=99.99");
	}

	@Test
	void orderRetriedByAFlakyWarehouseSaysTheHandOverWasRetriedAndWhy() throws Exception {
		this.ingress.processOrder("story-flaky", Ingress.seedOrder("story-flaky", WAREHOUSE_FLAKY + "1"));

		JsonNode story = awaitStory("story-flaky", "Order processing completed");

		assertThat(story.path("sentence").asText()).startsWith("Completed in ")
			.contains("paid on the first attempt, handed to the warehouse after retrying (")
			.contains("(scripted)");
	}

	@Test
	void declinedAndFailedPaymentsSayWhatHappenedToTheMoney() throws Exception {
		this.ingress.processOrder("story-declined", Ingress.seedOrder("story-declined", DECLINED + "1"));
		this.ingress.processOrder("story-down", Ingress.seedOrder("story-down", GATEWAY_DOWN + "1"));

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
		HttpResponse<String> page = get("/orders/never-submitted", "text/html");

		assertThat(answer.statusCode()).isEqualTo(404);
		assertThat(JSON.readTree(answer.body()).path("sentence").asText())
			.startsWith("Restate knows no order with this id");
		assertThat(page.statusCode()).isEqualTo(404);
		assertThat(page.body()).contains("Restate knows no order with this id");
	}

	@Test
	void thePageShowsTheSentenceAndEscapesWhatACallerWrote() throws Exception {
		this.ingress.processOrder("story-page", Ingress.seedOrder("story-page", "cust-1"));
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

	@Test
	void anOrderHeldAtTheGatewayIsListedUnfinishedThenDecided() throws Exception {
		var reply = this.ingress.processOrderAsync("story-held", Ingress.seedOrder("story-held", GATEWAY_HELD + "1"));

		await("the held order among the unfinished").atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
			JsonNode overview = JSON.readTree(get("/orders", "application/json").body());
			assertThat(overview.path("unfinished").findValuesAsText("orderId")).contains("story-held");
			assertThat(overview.path("unfinished"))
				.filteredOn((order) -> order.path("orderId").asText().equals("story-held"))
				.singleElement()
				.satisfies((order) -> assertThat(order.path("status").asText()).isEqualTo("running"));
		});
		assertThat(JSON.readTree(get("/orders/story-held", "application/json").body()).path("sentence").asText())
			.startsWith("Running for ");
		await("orders_active counting it, orders_retrying not").atMost(Duration.ofSeconds(5))
			.untilAsserted(() -> assertThat(scrape().value("orders_retrying{application=\"order-service\"}")).isZero());
		assertThat(scrape().value("orders_active{application=\"order-service\"}")).isPositive();

		this.payments.release("story-held");

		assertThat(reply.get().field("status")).isEqualTo("completed");
		await("the held order decided").atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
			JsonNode overview = JSON.readTree(get("/orders", "application/json").body());
			assertThat(overview.path("unfinished").findValuesAsText("orderId")).doesNotContain("story-held");
			assertThat(overview.path("finished"))
				.filteredOn((order) -> order.path("orderId").asText().equals("story-held"))
				.singleElement()
				.satisfies((order) -> assertThat(order.path("status").asText()).isEqualTo("completed"));
		});
	}

	@Test
	void theFrontPageAnswersTheSeedsQuestionsAndItsSearchLeadsToTheOrder() throws Exception {
		this.ingress.processOrder("story-front", Ingress.seedOrder("story-front", "cust-1"));

		// a view may be served the read of one made up to orders.pages.cache-for (1 s)
		// earlier
		HttpResponse<String> page = await().atMost(Duration.ofSeconds(5))
			.until(() -> get("/orders", "text/html"), (answer) -> answer.body().contains("story-front"));
		JsonNode answers = JSON.readTree(get("/orders", "application/json").body()).path("answers");
		HttpResponse<String> search = get("/orders?id=story-front", "text/html");
		HttpResponse<String> bad = get("/orders?id=" + URLEncoder.encode("a'b", StandardCharsets.UTF_8), "text/html");

		assertThat(answers.path("decided").asLong()).isPositive();
		assertThat(answers.path("successRate").asDouble()).isBetween(0.0, 1.0);
		assertThat(answers.path("p99Seconds").asDouble()).isPositive();
		assertThat(page.statusCode()).isEqualTo(200);
		assertThat(page.body()).contains("<meta http-equiv=\"refresh\" content=\"5\">", "id=\"success-rate\"",
				"<a href=\"/orders/story-front\">story-front</a>");
		assertThat(search.statusCode()).isEqualTo(303);
		assertThat(search.headers().firstValue("location")).hasValue("/orders/story-front");
		assertThat(bad.statusCode()).isEqualTo(400);
		assertThat(bad.body()).contains("a&#39;b").doesNotContain("a'b");
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

	@Test
	void everyPageSaysItsCharsetAndForbidsScriptsFramingSniffingAndCaching() throws Exception {
		for (String[] page : new String[][] { { "/orders", "text/html" }, { "/orders", "application/json" },
				{ "/orders/never-submitted", "text/html" }, { "/orders/never-submitted", "application/json" },
				{ "/orders/%3Cscript%3E", "text/html" } }) {
			HttpResponse<String> answer = get(page[0], page[1]);

			assertThat(answer.headers().map()).as(page[0] + " as " + page[1])
				.containsEntry("x-content-type-options", List.of("nosniff"))
				.containsEntry("x-frame-options", List.of("DENY"))
				.containsEntry("cache-control", List.of("no-store"))
				.containsEntry("referrer-policy", List.of("no-referrer"));
			assertThat(answer.headers().firstValue("content-security-policy"))
				.hasValueSatisfying((policy) -> assertThat(policy).startsWith("default-src 'none'; style-src 'sha256-")
					.doesNotContain("script-src", "unsafe-inline")
					.contains("frame-ancestors 'none'"));
			if (page[1].equals("text/html")) {
				assertThat(answer.headers().firstValue("content-type")).hasValue("text/html;charset=UTF-8");
			}
		}
	}

	private HttpResponse<String> get(String path, String accept) throws IOException, InterruptedException {
		return this.http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.managementPort + path))
			.header("Accept", accept)
			.build(), HttpResponse.BodyHandlers.ofString());
	}

}
