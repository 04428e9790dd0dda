package io.confab.dataapi;

import java.util.Map;
import org.springframework.boot.SpringApplication;

/**
 * data-api's process: the post-meeting REST API on Spring Boot, started by the launcher as its own
 * JVM. Arguments are {@code --key=value} (see {@link DataApiConfig}), not Spring properties: one
 * typed configuration, checked before Spring starts.
 */
public final class DataApi {

    private DataApi() {
    }

    public static void main(String[] args) {
        DataApiConfig config;
        try {
            config = DataApiConfig.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("data-api: " + e.getMessage());
            System.exit(2);
            return;
        }
        SpringApplication application = new SpringApplication(DataApiApplication.class);
        application.setDefaultProperties(Map.of(
                "server.address", config.host(),
                "server.port", Integer.toString(config.port())));
        application.addInitializers(context -> context.getBeanFactory().registerSingleton("dataApiConfig", config));
        application.run();
        System.out.println("data-api: listening on http://" + config.host() + ":" + config.port());
    }
}
