package io.confab.dataapi.web;

import io.swagger.v3.oas.annotations.Hidden;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

/** The recordings page: plain HTML and a script from {@code static/recordings/}, no build step. */
@Controller
@Hidden
public class PageController {

    @GetMapping({"/recordings", "/recordings/"})
    public String recordingsPage() {
        return "forward:/recordings/index.html";
    }
}
