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
  /** The confirm and unsubscribe pages behind these emails' links; `back` is the link to the blog. */
  pages: {
    back: string;
    confirmTitle: string;
    confirmMessage: string;
    confirmButton: string;
    confirmedTitle: string;
    confirmedMessage: string;
    unsubscribeTitle: string;
    unsubscribeMessage: string;
    unsubscribeButton: string;
    unsubscribedTitle: string;
    unsubscribedMessage: string;
  };
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
    pages: {
      back: "Back to {site}",
      confirmTitle: "Confirm your subscription to {list}",
      confirmMessage: "Press the button to start receiving {list} at {email}.",
      confirmButton: "Confirm",
      confirmedTitle: "You are subscribed",
      confirmedMessage: "Thank you: {email} will receive {list}. Every issue has a one-click unsubscribe link.",
      unsubscribeTitle: "Unsubscribe from {list}?",
      unsubscribeMessage: "Press the button and you will get no more issues.",
      unsubscribeButton: "Unsubscribe",
      unsubscribedTitle: "You are unsubscribed",
      unsubscribedMessage: "You will get no more issues of {list}. Changed your mind? Sign up again on the site.",
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
    pages: {
      back: "Volver a {site}",
      confirmTitle: "Confirma tu suscripción a {list}",
      confirmMessage: "Pulsa el botón para empezar a recibir {list} en {email}.",
      confirmButton: "Confirmar",
      confirmedTitle: "Ya estás suscrito",
      confirmedMessage: "Gracias: {email} recibirá {list}. Cada número trae un enlace para darte de baja con un clic.",
      unsubscribeTitle: "¿Darte de baja de {list}?",
      unsubscribeMessage: "Pulsa el botón y no recibirás más números.",
      unsubscribeButton: "Darme de baja",
      unsubscribedTitle: "Te has dado de baja",
      unsubscribedMessage:
        "No recibirás más números de {list}. ¿Has cambiado de idea? Vuelve a suscribirte en el sitio.",
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
    pages: {
      back: "Zurück zu {site}",
      confirmTitle: "Bitte bestätigen Sie Ihr Abonnement von {list}",
      confirmMessage: "Drücken Sie den Knopf, um {list} an {email} zu erhalten.",
      confirmButton: "Bestätigen",
      confirmedTitle: "Sie haben abonniert",
      confirmedMessage: "Danke: {email} erhält {list}. Jede Ausgabe hat einen Link zum Abbestellen mit einem Klick.",
      unsubscribeTitle: "{list} abbestellen?",
      unsubscribeMessage: "Drücken Sie den Knopf, und Sie erhalten keine Ausgaben mehr.",
      unsubscribeButton: "Abbestellen",
      unsubscribedTitle: "Sie haben abbestellt",
      unsubscribedMessage:
        "Sie erhalten keine Ausgaben von {list} mehr. Doch anders entschieden? Abonnieren Sie einfach wieder auf der Website.",
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
    pages: {
      back: "Retour à {site}",
      confirmTitle: "Confirmez votre abonnement à {list}",
      confirmMessage: "Appuyez sur le bouton pour recevoir {list} à l’adresse {email}.",
      confirmButton: "Confirmer",
      confirmedTitle: "Vous êtes abonné·e",
      confirmedMessage: "Merci : {email} recevra {list}. Chaque numéro contient un lien de désabonnement en un clic.",
      unsubscribeTitle: "Se désabonner de {list} ?",
      unsubscribeMessage: "Appuyez sur le bouton et vous ne recevrez plus aucun numéro.",
      unsubscribeButton: "Se désabonner",
      unsubscribedTitle: "Vous êtes désabonné·e",
      unsubscribedMessage: "Vous ne recevrez plus {list}. Vous avez changé d’avis ? Réabonnez-vous sur le site.",
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
    pages: {
      back: "Voltar para {site}",
      confirmTitle: "Confirme a sua inscrição em {list}",
      confirmMessage: "Aperte o botão para começar a receber {list} em {email}.",
      confirmButton: "Confirmar",
      confirmedTitle: "Inscrição confirmada",
      confirmedMessage:
        "Obrigado: {email} vai receber {list}. Cada edição traz um link para cancelar a inscrição com um clique.",
      unsubscribeTitle: "Cancelar a inscrição em {list}?",
      unsubscribeMessage: "Aperte o botão e você não receberá mais edições.",
      unsubscribeButton: "Cancelar inscrição",
      unsubscribedTitle: "Inscrição cancelada",
      unsubscribedMessage: "Você não receberá mais edições de {list}. Mudou de ideia? Inscreva-se de novo no site.",
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
    pages: {
      back: "العودة إلى {site}",
      confirmTitle: "أكّد اشتراكك في {list}",
      confirmMessage: "اضغط الزر لتبدأ في تلقي {list} على العنوان {email}.",
      confirmButton: "تأكيد",
      confirmedTitle: "تم اشتراكك",
      confirmedMessage: "شكرًا لك: سيتلقى {email} النشرة {list}. في كل عدد رابط لإلغاء الاشتراك بنقرة واحدة.",
      unsubscribeTitle: "إلغاء الاشتراك في {list}؟",
      unsubscribeMessage: "اضغط الزر ولن تصلك أعداد أخرى.",
      unsubscribeButton: "إلغاء الاشتراك",
      unsubscribedTitle: "أُلغي اشتراكك",
      unsubscribedMessage: "لن تصلك أعداد أخرى من {list}. هل غيّرت رأيك؟ اشترك من جديد على الموقع.",
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
  return {
    language: strings.language,
    confirm: fill(strings.confirm),
    welcome: fill(strings.welcome),
    pages: fill(strings.pages),
    /** The page shell in this language: lang, dir and the link back (`{site}` filled by the shell). */
    page: { lang: strings.language.lang, dir: strings.language.dir, back: strings.pages.back },
  };
}
