// Prints the VBA modules Apache POI's VBAMacroReader finds in an Office file, for tests/test_vba_readers.py.
//
//   java -cp <poi.jar and its dependencies> tests/java/DumpVba.java <file>
//
// One line per module:  MODULE <TAB> name <TAB> type <TAB> base64(UTF-8 code)
// type is POI's Module.ModuleType (Document, Module, Class), or "?" when this POI does not say.
// The module type's getter is called by reflection: POI 4.0 spells it geModuleType(), later
// versions getModuleType(). If POI cannot read the file, its exception goes to stderr and the
// exit status is 1.
import java.io.File;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;

import org.apache.poi.poifs.macros.Module;
import org.apache.poi.poifs.macros.VBAMacroReader;

public class DumpVba {
    static String typeOf(Module module) {
        for (String getter : new String[] {"getModuleType", "geModuleType"}) {
            try {
                Method m = module.getClass().getMethod(getter);
                m.setAccessible(true);
                Object type = m.invoke(module);
                return type == null ? "?" : type.toString();
            } catch (NoSuchMethodException e) {
                // try the other spelling
            } catch (ReflectiveOperationException e) {
                return "?";
            }
        }
        return "?";
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 1) {
            System.err.println("usage: DumpVba <file>");
            System.exit(2);
        }
        StringBuilder out = new StringBuilder();
        Base64.Encoder b64 = Base64.getEncoder();
        try (VBAMacroReader reader = new VBAMacroReader(new File(args[0]))) {
            Map<String, Module> modules = new TreeMap<>(reader.readMacroModules());
            for (Map.Entry<String, Module> e : modules.entrySet()) {
                String code = e.getValue().getContent();
                out.append("MODULE\t").append(e.getKey()).append('\t').append(typeOf(e.getValue())).append('\t')
                        .append(b64.encodeToString((code == null ? "" : code).getBytes(StandardCharsets.UTF_8)))
                        .append('\n');
            }
            out.append("END\t").append(modules.size()).append('\n');
        } catch (Throwable t) {
            System.err.println("POI could not read " + args[0] + ": " + t);
            t.printStackTrace();
            System.exit(1);
        }
        System.out.print(out);
    }
}
