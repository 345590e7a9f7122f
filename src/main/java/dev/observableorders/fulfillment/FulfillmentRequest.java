package dev.observableorders.fulfillment;

import java.util.List;

public record FulfillmentRequest(String orderId, String customerId, List<String> items, String requestKey) {

}
