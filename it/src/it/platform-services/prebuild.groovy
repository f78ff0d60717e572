// A real HTTP server stands in for ACME's coverage centre: it records each registration POST.
// Its port goes into the profile the first invocation installs; verify.groovy stops it.
import com.sun.net.httpserver.HttpServer

def log = new File(basedir, 'registrations.jsonl')
log.delete()
def server = HttpServer.create(new InetSocketAddress('127.0.0.1', 0), 0)
server.createContext('/register') { exchange ->
  def body = exchange.requestBody.text
  synchronized (log) {
    log << "${exchange.requestMethod} ${exchange.requestHeaders.getFirst('Content-Type')} ${body}\n"
  }
  def answer = '{"registered":true}'.bytes
  exchange.sendResponseHeaders(201, answer.length)
  exchange.responseBody.withStream { it.write(answer) }
}
server.start()
System.properties.put('paas.it.coverageCentre', server)
def profile = new File(basedir, 'platform/profile.yaml.in').text.replace('@PORT@', "${server.address.port}")
new File(basedir, 'platform/profile.yaml').text = profile
return true
