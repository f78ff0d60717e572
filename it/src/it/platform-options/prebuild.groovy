// A real HTTP server serves served.yaml; the third invocation reads its address from url.properties.
import com.sun.net.httpserver.HttpServer

def server = HttpServer.create(new InetSocketAddress('127.0.0.1', 0), 0)
def profile = new File(basedir, 'served.yaml').bytes
server.createContext('/platform/profile.yaml') { exchange ->
  exchange.responseHeaders.add('Content-Type', 'application/yaml')
  exchange.sendResponseHeaders(200, profile.length)
  exchange.responseBody.withStream { it.write(profile) }
}
server.createContext('/missing.yaml') { exchange ->
  exchange.sendResponseHeaders(404, -1)
  exchange.close()
}
server.start()
System.properties.put('paas.it.profileServer', server)
def base = "http://127.0.0.1:${server.address.port}"
new File(basedir, 'url.properties').text = "paas.platform=${base}/platform/profile.yaml\n"
new File(basedir, 'missing.properties').text = "paas.platform=${base}/missing.yaml\n"
return true
