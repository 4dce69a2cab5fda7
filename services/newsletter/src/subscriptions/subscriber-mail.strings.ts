import type { Locale } from "@parlor/kit/http";
import type { EmailLanguage } from "@parlor/mail";

// The emails a subscriber gets on signing up (confirm, welcome), in each language the widget speaks: written in
// the language they signed up in. `{list}` is LIST_NAME, `{site}` SITE_NAME, `{days}` the link's lifetime. The
// newsletter's issues are the operator's own words; FOOTER stays as set. Same keys and placeholders in every
// language (docs/translating.md).

export interface SubscriberMailStrings {
  language: EmailLanguage;
  confirm: { subject: string; asked: string; unless: string; action: string; footer: string };
  /** `preferences`: the footer link to the preference page (topics, unsubscribe from all). */
  welcome: { subject: string; subscribed: string; tracking: string; preferences: string; unsubscribe: string };
}

export const SUBSCRIBER_MAIL: Record<Locale, SubscriberMailStrings> = {
  en: {
    language: { lang: "en", dir: "ltr", wrote: "{by} wrote:" },
    confirm: {
      subject: "Confirm your subscription to {list}",
      asked: "Someone, probably you, asked to receive {list} from {site} at this address.",
      unless:
        "Nothing will be sent unless you confirm. If it was not you, ignore this email and you will not hear from us again.",
      action: "Confirm my subscription",
      footer: "The link works once and expires in {days} days.",
    },
    welcome: {
      subject: "Welcome to {list}",
      subscribed: "You are subscribed to {list} from {site}. The next issue will come to this address.",
      tracking: "No tracking: we do not count opens or clicks.",
      preferences: "Choose what you receive",
      unsubscribe: "Unsubscribe with one click",
    },
  },
  es: {
    language: { lang: "es", dir: "ltr", wrote: "{by} escribió:" },
    confirm: {
      subject: "Confirma tu suscripción a {list}",
      asked: "Alguien, probablemente tú, pidió recibir {list} de {site} en esta dirección.",
      unless:
        "No enviaremos nada si no lo confirmas. Si no fuiste tú, ignora este correo y no volverás a saber de nosotros.",
      action: "Confirmar mi suscripción",
      footer: "El enlace funciona una sola vez y caduca en {days} días.",
    },
    welcome: {
      subject: "Te damos la bienvenida a {list}",
      subscribed: "Te has suscrito a {list} de {site}. El próximo número llegará a esta dirección.",
      tracking: "Sin rastreo: no contamos aperturas ni clics.",
      preferences: "Elegir qué recibo",
      unsubscribe: "Darme de baja con un clic",
    },
  },
  de: {
    language: { lang: "de", dir: "ltr", wrote: "{by} schrieb:" },
    confirm: {
      subject: "Bitte bestätigen Sie Ihr Abonnement von {list}",
      asked: "Jemand, wahrscheinlich Sie, möchte {list} von {site} an diese Adresse erhalten.",
      unless:
        "Es wird nichts gesendet, solange Sie nicht bestätigen. Waren Sie es nicht, ignorieren Sie diese E-Mail: Sie hören dann nichts mehr von uns.",
      action: "Abonnement bestätigen",
      footer: "Der Link funktioniert einmal und läuft in {days} Tagen ab.",
    },
    welcome: {
      subject: "Willkommen bei {list}",
      subscribed: "Sie haben {list} von {site} abonniert. Die nächste Ausgabe kommt an diese Adresse.",
      tracking: "Kein Tracking: Wir zählen weder Öffnungen noch Klicks.",
      preferences: "Auswählen, was Sie erhalten",
      unsubscribe: "Mit einem Klick abbestellen",
    },
  },
  fr: {
    language: { lang: "fr", dir: "ltr", wrote: "{by} a écrit :" },
    confirm: {
      subject: "Confirmez votre abonnement à {list}",
      asked: "Quelqu’un, sans doute vous, a demandé à recevoir {list} de {site} à cette adresse.",
      unless:
        "Rien ne sera envoyé sans votre confirmation. Si ce n’était pas vous, ignorez cet e-mail : vous n’entendrez plus parler de nous.",
      action: "Confirmer mon abonnement",
      footer: "Le lien ne fonctionne qu’une fois et expire dans {days} jours.",
    },
    welcome: {
      subject: "Bienvenue dans {list}",
      subscribed: "Vous êtes abonné·e à {list} de {site}. Le prochain numéro arrivera à cette adresse.",
      tracking: "Aucun pistage : nous ne comptons ni les ouvertures ni les clics.",
      preferences: "Choisir ce que vous recevez",
      unsubscribe: "Se désabonner en un clic",
    },
  },
  pt: {
    language: { lang: "pt", dir: "ltr", wrote: "{by} escreveu:" },
    confirm: {
      subject: "Confirme a sua inscrição em {list}",
      asked: "Alguém, provavelmente você, pediu para receber {list} de {site} neste endereço.",
      unless:
        "Nada será enviado sem a sua confirmação. Se não foi você, ignore este e-mail e não terá mais notícias nossas.",
      action: "Confirmar minha inscrição",
      footer: "O link funciona uma única vez e expira em {days} dias.",
    },
    welcome: {
      subject: "Boas-vindas a {list}",
      subscribed: "Você está inscrito em {list} de {site}. A próxima edição chegará a este endereço.",
      tracking: "Sem rastreamento: não contamos aberturas nem cliques.",
      preferences: "Escolher o que recebo",
      unsubscribe: "Cancelar a inscrição com um clique",
    },
  },
  ar: {
    language: { lang: "ar", dir: "rtl", wrote: "كتب {by}:" },
    confirm: {
      subject: "أكّد اشتراكك في {list}",
      asked: "طلب أحدهم، وغالبًا أنت، تلقي {list} من {site} على هذا العنوان.",
      unless: "لن يُرسل أي شيء ما لم تؤكد. إن لم تكن أنت، فتجاهل هذه الرسالة ولن تصلك منا أي رسالة أخرى.",
      action: "تأكيد اشتراكي",
      footer: "يعمل الرابط مرة واحدة، ومدة صلاحيته بالأيام: {days}.",
    },
    welcome: {
      subject: "أهلًا بك في {list}",
      subscribed: "أنت مشترك الآن في {list} من {site}. سيصل العدد القادم إلى هذا العنوان.",
      tracking: "بلا تتبّع: لا نحصي مرات الفتح ولا النقرات.",
      preferences: "اختيار ما أتلقاه",
      unsubscribe: "إلغاء الاشتراك بنقرة واحدة",
    },
  },
};

/** The subscriber emails in `locale` (English for none), placeholders filled in. */
export function subscriberMail(locale: string | null | undefined, values: Record<string, string>) {
  const strings = SUBSCRIBER_MAIL[(locale ?? "en") as Locale] ?? SUBSCRIBER_MAIL.en;
  const fill = <T extends Record<string, string>>(o: T) =>
    Object.fromEntries(
      Object.entries(o).map(([k, v]) => [k, v.replace(/\{(\w+)\}/g, (all, key: string) => values[key] ?? all)]),
    ) as T;
  return { language: strings.language, confirm: fill(strings.confirm), welcome: fill(strings.welcome) };
}
