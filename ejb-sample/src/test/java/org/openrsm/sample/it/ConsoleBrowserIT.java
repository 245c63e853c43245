package org.openrsm.sample.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.openrsm.sample.it.LibertyServer.HTTP;
import static org.openrsm.sample.it.LibertyServer.SAMPLE;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The web console in a real browser (Debian's chromium, headless, through chromium-driver): an operator signs in,
 * sees a drive change state after an archive without reloading, answers an operator request; a monitor is refused.
 * The screenshots go to target/screenshots (the README's come from there).
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class ConsoleBrowserIT {
    private static final String CONSOLE = "http://localhost:9080/openrsm/";
    private WebDriver browser;

    @Deployment(testable = false)
    static WebArchive deployment() {
        return ShrinkWrap.create(WebArchive.class, "console-browser-it.war").addClass(ConsoleBrowserIT.class)
                .addAsWebResource(new StringAsset("console browser IT"), "index.txt");
    }

    @BeforeEach
    void openBrowser() {
        ChromeOptions options = new ChromeOptions();
        options.setBinary("/usr/bin/chromium");
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1200,900");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(Path.of("/usr/bin/chromedriver").toFile()).build();
        browser = new ChromeDriver(service, options);
    }

    @AfterEach
    void closeBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    private WebDriverWait waiting() {
        return new WebDriverWait(browser, Duration.ofSeconds(20));
    }

    /**
     * What {@code read} finds in the element, read again if the page re-rendered it meanwhile: the live updates
     * replace rows at any moment, and an element found a moment ago may be gone (StaleElementReferenceException).
     */
    private String read(By by, java.util.function.Function<org.openqa.selenium.WebElement, String> read) {
        return waiting().ignoring(org.openqa.selenium.StaleElementReferenceException.class)
                .until(d -> read.apply(d.findElement(by)));
    }

    private String text(By by) {
        return read(by, org.openqa.selenium.WebElement::getText);
    }

    /** Clicks the element, found again if the page re-rendered it meanwhile. */
    private void click(By by) {
        waiting().ignoring(org.openqa.selenium.StaleElementReferenceException.class).until(d -> {
            d.findElement(by).click();
            return true;
        });
    }

    private void signIn(String user) {
        browser.get(CONSOLE);
        waiting().until(ExpectedConditions.presenceOfElementLocated(By.id("user"))).sendKeys(user);
        browser.findElement(By.id("password")).sendKeys(user + "-password");
        browser.findElement(By.id("sign-in")).click();
        waiting().until(ExpectedConditions.textToBe(By.id("live"), "live"));
    }

    private void screenshot(String name) throws Exception {
        Path target = Path.of("target", "screenshots", name + ".png");
        Files.createDirectories(target.getParent());
        Files.copy(((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE).toPath(), target,
                StandardCopyOption.REPLACE_EXISTING);
    }

    @Test
    void anOperatorSeesADriveChangeLiveAndAnswersAnOperatorRequest() throws Exception {
        signIn("operator");
        HttpResponse<String> archived = HTTP.send(LibertyServer.request(SAMPLE + "archive").header("Content-Type",
                "application/octet-stream").POST(HttpRequest.BodyPublishers.ofString("seen in the console")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(archived.statusCode()).isEqualTo(201);
        String barCode = archived.body().replaceAll(".*\"barCode\":\"([^\"]+)\".*", "$1");
        String drive = archived.body().replaceAll(".*\"drive\":\"([^\"]+)\".*", "$1");
        // no reload: the server pushes the drive's new state
        waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("drive-" + drive), barCode));
        assertThat(text(By.id("drive-" + drive))).contains("DISMOUNTABLE");
        screenshot("console-drives");

        // no cleaner in the library: cleaning a drive asks the operator (CLEANER)
        LibertyServer.invoke("org.openrsm:type=Library,name=lib1", "cleanDrive", drive);
        waiting().until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#requests tbody tr")));
        String request = read(By.cssSelector("#requests tbody tr"), e -> e.getAttribute("id"));
        assertThat(text(By.id(request))).contains("CLEANER");
        screenshot("console-operator-request");
        click(By.cssSelector("#" + request + " button.refuse"));
        waiting().until(ExpectedConditions.textToBe(By.id("answer-result"), "refuse: done"));
        waiting().until(ExpectedConditions.numberOfElementsToBe(By.id(request), 0));
    }

    @Test
    void anOperatorMountsDismountsEjectsAndInjectsByBarCodeFromThePage() throws Exception {
        signIn("operator");
        String barCode = "A00090L8";
        browser.findElement(By.id("bar-code")).sendKeys(barCode);
        click(By.id("mount"));
        waiting().until(ExpectedConditions.textMatches(By.id("operate-result"), java.util.regex.Pattern.compile("mount: drive\\d")));
        String drive = text(By.id("operate-result")).substring("mount: ".length());
        waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("drive-" + drive), "LOADED"));
        assertThat(text(By.id("drive-" + drive))).contains(barCode).contains("JMX operator");
        click(By.id("dismount"));
        waiting().until(ExpectedConditions.not(ExpectedConditions.textToBePresentInElementLocated(By.id("drive-" + drive), barCode)));

        click(By.id("eject"));
        waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("ports"), "(full)"));
        click(By.id("inject"));
        waiting().until(ExpectedConditions.not(ExpectedConditions.textToBePresentInElementLocated(By.id("ports"), "(full)")));
        click(By.id("inventory"));
        waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("operate-result"), "inventory: "));
    }

    @Test
    void aMonitorMayLookButNotAnswer() throws Exception {
        LibertyServer.invoke("org.openrsm:type=Library,name=lib1", "cleanDrive", "drive1");
        signIn("monitor");
        waiting().until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#requests tbody tr")));
        String request = read(By.cssSelector("#requests tbody tr"), e -> e.getAttribute("id"));
        click(By.cssSelector("#" + request + " button.satisfy"));
        waiting().until(ExpectedConditions.textToBe(By.id("answer-result"), "refused: your role may only look"));
        click(By.id("inject"));
        waiting().until(ExpectedConditions.textToBe(By.id("operate-result"), "refused: your role may only look"));
        assertThat(browser.findElements(By.id(request))).as("the request is still open").hasSize(1);
        // the operator refuses it, so that other tests see no open request
        LibertyServer.invoke("org.openrsm:type=OperatorRequests", "refuse", request.substring("request-".length()));
    }
}
