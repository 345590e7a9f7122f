package dev.observableorders.pages;

import static dev.observableorders.support.ScriptedPartners.DECLINED;
import static dev.observableorders.support.ScriptedPartners.GATEWAY_OUTAGE;
import static dev.observableorders.support.ScriptedPartners.WAREHOUSE_DOWN;
import static dev.observableorders.support.ScriptedPartners.WAREHOUSE_FLAKY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

import dev.observableorders.support.Ingress;
import dev.observableorders.support.Browser;
import dev.observableorders.support.RealRestateTest;
import dev.observableorders.support.ScriptedPartners.ScriptedPayments;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.NoSuchElementException;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The order pages in a real headless Chromium, against the real Restate server: what an
 * operator sees for a completed, declined, retried, refunded and stuck order, a front
 * page that follows a stuck order to its end on its own, and a caller's markup shown as
 * text. Also takes the README's screenshots.
 */
class OrderPagesBrowserIT extends RealRestateTest {

	private static Browser browser;

	@Autowired
	ScriptedPayments payments;

	@BeforeAll
	static void startBrowser() {
		browser = Browser.start();
	}

	@AfterAll
	static void stopBrowser() {
		if (browser != null) {
			browser.close();
		}
	}

	@Test
	void aCompletedOrdersPageShowsItsSentenceStepsCustomerAndLinks() {
		this.ingress.processOrder("browser-completed", Ingress.seedOrder("browser-completed", "customer-42"));

		openStory("browser-completed", "Order processing completed");

		assertThat(text("sentence")).matches(
				"Completed in [0-9.]+ s: paid on the first attempt, handed to the warehouse on the first attempt\\.");
		assertThat(texts(By.cssSelector("b.step"))).containsSubsequence("payment", "fulfillment");
		assertThat(text("customer")).as("masked by default").isEqualTo("cu•••42");
		assertThat(text("result")).contains("completed");
		assertThat(driver().findElement(By.cssSelector("#trace a")).getAttribute("href"))
			.matches("http://traces\\.test/trace/[0-9a-f]{32}");
		assertThat(driver().findElement(By.id("log-link")).getAttribute("href"))
			.isEqualTo("http://logs.test/search?orderId=browser-completed");
		assertThat(text("logs")).contains("Processing order started", "Payment successful",
				"Order processing completed");
		assertThat(text("logs-note")).startsWith("Partial:");
	}

	@Test
	void aDeclinedOrderSaysTheGatewayDeclinedIt() {
		this.ingress.processOrder("browser-declined", Ingress.seedOrder("browser-declined", DECLINED + "1"));

		openStory("browser-declined", "Payment declined");

		assertThat(text("sentence")).startsWith("Declined in ")
			.endsWith(": the payment gateway declined the charge on the first attempt.");
		assertThat(text("result")).contains("payment_declined");
	}

	@Test
	void anOrderRetriedByAFlakyWarehouseShowsTheFailedAttemptInItsJournal() {
		this.ingress.processOrder("browser-flaky", Ingress.seedOrder("browser-flaky", WAREHOUSE_FLAKY + "1"));

		openStory("browser-flaky", "Order processing completed");

		assertThat(text("sentence")).contains("handed to the warehouse after retrying (")
			.contains("warehouse unavailable (scripted)");
		assertThat(texts(By.cssSelector("ol.journal li.failed")))
			.anySatisfy((failure) -> assertThat(failure).contains("fulfillment", "warehouse unavailable (scripted)"));
	}

	@Test
	void aRefundedOrderSaysThePaymentWasGivenBack() {
		this.ingress.processOrder("browser-refunded", Ingress.seedOrder("browser-refunded", WAREHOUSE_DOWN + "1"));

		openStory("browser-refunded", "Payment refunded");

		assertThat(text("sentence")).startsWith("Failed in ")
			.contains("paid, but the warehouse did not take it after retrying (")
			.endsWith("the payment of 99.99 was refunded.");
		assertThat(text("result")).contains("fulfillment_failed", "refund", "refunded 99.99");
		browser.screenshot("order-page");
	}

	@Test
	void anOrderStuckBehindADownGatewayIsListedWithItsFailureThenMovesToFinishedWithoutAReload() {
		var reply = this.ingress.processOrderAsync("browser-stuck",
				Ingress.seedOrder("browser-stuck", GATEWAY_OUTAGE + "1"));
		driver().get(pages() + "/orders");

		// the page refreshes itself: the test never navigates again
		await("the stuck order listed with its failure").atMost(Duration.ofSeconds(30))
			.ignoreExceptionsMatching(OrderPagesBrowserIT::whileThePageReloads)
			.untilAsserted(() -> assertThat(row("unfinished", "browser-stuck")).contains("retrying")
				.contains("void: gateway unavailable (scripted)")
				.as("the failure's message, not Restate's stack trace")
				.doesNotContain("Exception", "[500"));
		await("the stuck tile counts it, in red").atMost(Duration.ofSeconds(10))
			.ignoreExceptionsMatching(OrderPagesBrowserIT::whileThePageReloads)
			.untilAsserted(() -> {
				WebElement stuck = driver().findElement(By.id("stuck"));
				assertThat(Integer.parseInt(stuck.findElement(By.tagName("b")).getText())).isPositive();
				assertThat(stuck.getAttribute("class")).contains("failed");
			});
		browser.screenshot("orders-page");
		String stuckStory = storyOf("browser-stuck");
		driver().get(pages() + "/orders");

		this.payments.restore("browser-stuck");

		assertThat(reply.join().field("status")).isEqualTo("payment_failed");
		await("the order moved to finished").atMost(Duration.ofSeconds(20))
			.ignoreExceptionsMatching(OrderPagesBrowserIT::whileThePageReloads)
			.untilAsserted(() -> {
				assertThat(row("finished", "browser-stuck")).contains("payment_failed");
				assertThat(textsNow("#unfinished a")).doesNotContain("browser-stuck");
			});
		assertThat(stuckStory).matches("(Stuck|Running) for .*")
			.contains("void step")
			.contains("(gateway unavailable (scripted))")
			.doesNotContain("Exception");
		// a view may be served the read of one made up to orders.pages.cache-for earlier
		await("the story of the decided order").atMost(Duration.ofSeconds(5))
			.untilAsserted(() -> assertThat(storyOf("browser-stuck")).startsWith("Failed in ")
				.endsWith("the gateway held no charge for it."));
	}

	@Test
	void anOrderIdWithMarkupTypedIntoTheSearchIsShownAsText() {
		String script = "<script>document.title='owned'</script>";
		driver().get(pages() + "/orders");

		driver().findElement(By.id("search")).sendKeys(script);
		driver().findElement(By.cssSelector("form button")).click();

		await().atMost(Duration.ofSeconds(5))
			.ignoreExceptionsInstanceOf(NoSuchElementException.class)
			.untilAsserted(() -> assertThat(text("order-id")).isEqualTo(script));
		assertThat(driver().getTitle()).isEqualTo("No such order");
		assertThat(text("sentence")).startsWith("No such order: ");
		assertThatExceptionOfType(NoAlertPresentException.class).isThrownBy(() -> driver().switchTo().alert());
	}

	/**
	 * The pages escape what callers write (above); should an escape ever be missed, the
	 * Content-Security-Policy is the second line: a script that got into a page does not
	 * run, on the front page and an order's page alike.
	 */
	@Test
	void anInlineScriptThatGotIntoAPageIsRefusedByTheContentSecurityPolicy() {
		this.ingress.processOrder("browser-csp", Ingress.seedOrder("browser-csp", "cust-1"));
		for (String page : List.of("/orders", "/orders/browser-csp")) {
			driver().get(pages() + page);
			JavascriptExecutor js = (JavascriptExecutor) driver();

			Object ran = js.executeScript(
					"""
							window.violations = [];
							document.addEventListener('securitypolicyviolation', (e) => window.violations.push(e.violatedDirective));
							window.injected = false;
							const script = document.createElement('script');
							script.textContent = 'window.injected = true';
							document.body.appendChild(script);
							return window.injected;""");

			assertThat(ran).as("the injected script ran on " + page).isEqualTo(false);
			await().atMost(Duration.ofSeconds(5))
				.untilAsserted(() -> assertThat(js.executeScript("return window.violations.join(' ')").toString())
					.as("violations reported on " + page)
					.startsWith("script-src"));
		}
	}

	@Test
	void theSearchBoxLeadsToTheOrdersPage() {
		this.ingress.processOrder("browser-search", Ingress.seedOrder("browser-search", "cust-1"));
		driver().get(pages() + "/orders");

		driver().findElement(By.id("search")).sendKeys("browser-search");
		driver().findElement(By.cssSelector("form button")).click();

		await().atMost(Duration.ofSeconds(5))
			.ignoreExceptionsInstanceOf(NoSuchElementException.class)
			.untilAsserted(() -> assertThat(text("order-id")).isEqualTo("browser-search"));
		assertThat(driver().getCurrentUrl()).endsWith("/orders/browser-search");
	}

	/** What a page that refreshes itself can throw while it reloads. */
	private static boolean whileThePageReloads(Throwable thrown) {
		return thrown instanceof NoSuchElementException || thrown instanceof StaleElementReferenceException;
	}

	/** Opens the order's page until this instance's log window holds its last line. */
	private void openStory(String orderId, String lastLine) {
		await("the page of " + orderId).atMost(Duration.ofSeconds(10))
			.ignoreExceptionsInstanceOf(NoSuchElementException.class)
			.untilAsserted(() -> {
				driver().get(pages() + "/orders/" + orderId);
				assertThat(text("logs")).contains(lastLine);
			});
	}

	private String storyOf(String orderId) {
		driver().get(pages() + "/orders/" + orderId);
		return text("sentence");
	}

	/** The text of the row of {@code orderId} in the table {@code table}. */
	private String row(String table, String orderId) {
		return textsNow("#" + table + " tr").stream()
			.filter((row) -> row.startsWith(orderId + " "))
			.findFirst()
			.orElseThrow(() -> new NoSuchElementException(orderId + " is not in #" + table));
	}

	/**
	 * The texts of what {@code css} selects, read in one script so that a table the page
	 * replaces meanwhile cannot be half read. Element by element, Chromium's driver may
	 * answer a replaced element with a generic "does not belong to the document" error
	 * rather than a stale-element one (seen in CI).
	 */
	private List<String> textsNow(String css) {
		Object texts = ((JavascriptExecutor) driver()).executeScript(
				"return Array.from(document.querySelectorAll(arguments[0]), (e) => e.innerText.replace(/\\s+/g, ' ').trim());",
				css);
		return ((List<?>) texts).stream().map(String::valueOf).toList();
	}

	private String text(String id) {
		return driver().findElement(By.id(id)).getText();
	}

	private List<String> texts(By by) {
		return driver().findElements(by).stream().map(WebElement::getText).toList();
	}

	private String pages() {
		return "http://127.0.0.1:" + this.managementPort;
	}

	private static WebDriver driver() {
		return browser.driver();
	}

}
