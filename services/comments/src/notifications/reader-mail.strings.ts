import type { Locale } from "@parlor/kit/http";
import type { EmailLanguage } from "@parlor/mail";

// The emails a reader of the comments gets (confirming reply notifications, a reply), in each language the
// widget speaks: the reader gets them in the language their comment was posted in. `{site}` is the site's name.
// Moderators' emails stay English. Same keys and placeholders in every language (docs/translating.md).

export interface ReaderMailStrings {
  language: EmailLanguage;
  confirm: { subject: string; title: string; asked: string; unless: string; action: string; footer: string };
  reply: {
    subject: string;
    title: string;
    published: string;
    action: string;
    intro: string;
    footer: string;
    unsubscribe: string;
  };
  /** The pages behind the links of these emails. `back`: the link to the blog (`{site}`); `{email}`: the address. */
  pages: {
    back: string;
    /** The crisis page's link back to the page the comment was posted from. */
    backToArticle: string;
    confirmTitle: string;
    confirmMessage: string;
    confirmButton: string;
    confirmedTitle: string;
    confirmedMessage: string;
    stopTitle: string;
    stopMessage: string;
    stopButton: string;
    stoppedTitle: string;
    stoppedMessage: string;
  };
}

export const READER_MAIL: Record<Locale, ReaderMailStrings> = {
  en: {
    language: { lang: "en", dir: "ltr", wrote: "{by} wrote:" },
    confirm: {
      subject: "Confirm reply notifications from {site}",
      title: "Get an email when someone replies?",
      asked: "Someone, probably you, asked {site} to email this address when their comment gets a reply.",
      unless: "Nothing will be sent unless you confirm. If it was not you, ignore this email.",
      action: "Yes, email me replies",
      footer: "Sent once by the comments of {site}.",
    },
    reply: {
      subject: "New reply to your comment on {site}",
      title: "Someone replied to your comment",
      published: "A reply to your comment on {site} was published. It is quoted below as its author wrote it.",
      action: "Read the reply",
      intro: "The reply:",
      footer: "You get this because you asked {site} to tell you about replies.",
      unsubscribe: "Turn off reply notifications",
    },
    pages: {
      backToArticle: "Go back to the article",
      back: "Back to {site}",
      confirmTitle: "Email me replies?",
      confirmMessage: "Confirm that {email} should get an email when someone replies to its comments.",
      confirmButton: "Yes, email me replies",
      confirmedTitle: "Confirmed",
      confirmedMessage: "You will get an email when someone replies to you.",
      stopTitle: "Stop reply emails?",
      stopMessage: "{email} will get no more emails about replies.",
      stopButton: "Stop reply emails",
      stoppedTitle: "Unsubscribed",
      stoppedMessage: "You will get no more emails about replies.",
    },
  },
  es: {
    language: { lang: "es", dir: "ltr", wrote: "{by} escribió:" },
    confirm: {
      subject: "Confirma los avisos de respuestas de {site}",
      title: "¿Quieres recibir un correo cuando te respondan?",
      asked:
        "Alguien, probablemente tú, pidió a {site} que escribiera a esta dirección cuando su comentario reciba una respuesta.",
      unless: "No enviaremos nada si no lo confirmas. Si no fuiste tú, ignora este correo.",
      action: "Sí, avisadme de las respuestas",
      footer: "Enviado una sola vez por los comentarios de {site}.",
    },
    reply: {
      subject: "Nueva respuesta a tu comentario en {site}",
      title: "Alguien respondió a tu comentario",
      published: "Se publicó una respuesta a tu comentario en {site}. Abajo la citamos tal como la escribió su autor.",
      action: "Leer la respuesta",
      intro: "La respuesta:",
      footer: "Recibes esto porque pediste a {site} que te avisara de las respuestas.",
      unsubscribe: "Desactivar los avisos de respuestas",
    },
    pages: {
      backToArticle: "Volver al artículo",
      back: "Volver a {site}",
      confirmTitle: "¿Quieres recibir las respuestas por correo?",
      confirmMessage: "Confirma que {email} debe recibir un correo cuando alguien responda a sus comentarios.",
      confirmButton: "Sí, avisadme de las respuestas",
      confirmedTitle: "Confirmado",
      confirmedMessage: "Recibirás un correo cuando alguien te responda.",
      stopTitle: "¿Dejar de recibir avisos de respuestas?",
      stopMessage: "{email} no recibirá más correos sobre respuestas.",
      stopButton: "Dejar de recibir avisos",
      stoppedTitle: "Baja confirmada",
      stoppedMessage: "No recibirás más correos sobre respuestas.",
    },
  },
  de: {
    language: { lang: "de", dir: "ltr", wrote: "{by} schrieb:" },
    confirm: {
      subject: "Benachrichtigungen über Antworten von {site} bestätigen",
      title: "Eine E-Mail, wenn jemand antwortet?",
      asked:
        "Jemand, wahrscheinlich Sie, hat {site} gebeten, diese Adresse zu benachrichtigen, wenn auf den eigenen Kommentar geantwortet wird.",
      unless: "Es wird nichts gesendet, solange Sie nicht bestätigen. Waren Sie es nicht, ignorieren Sie diese E-Mail.",
      action: "Ja, bei Antworten benachrichtigen",
      footer: "Einmalig gesendet von den Kommentaren auf {site}.",
    },
    reply: {
      subject: "Neue Antwort auf Ihren Kommentar auf {site}",
      title: "Jemand hat auf Ihren Kommentar geantwortet",
      published:
        "Eine Antwort auf Ihren Kommentar auf {site} wurde veröffentlicht. Sie steht unten so, wie sie geschrieben wurde.",
      action: "Antwort lesen",
      intro: "Die Antwort:",
      footer: "Sie erhalten diese E-Mail, weil Sie {site} gebeten haben, Sie über Antworten zu informieren.",
      unsubscribe: "Benachrichtigungen über Antworten abbestellen",
    },
    pages: {
      backToArticle: "Zurück zum Artikel",
      back: "Zurück zu {site}",
      confirmTitle: "Bei Antworten benachrichtigen?",
      confirmMessage:
        "Bestätigen Sie, dass {email} eine E-Mail erhält, wenn jemand auf die eigenen Kommentare antwortet.",
      confirmButton: "Ja, bei Antworten benachrichtigen",
      confirmedTitle: "Bestätigt",
      confirmedMessage: "Sie erhalten eine E-Mail, wenn jemand Ihnen antwortet.",
      stopTitle: "Keine Benachrichtigungen mehr?",
      stopMessage: "{email} erhält keine E-Mails über Antworten mehr.",
      stopButton: "Benachrichtigungen abbestellen",
      stoppedTitle: "Abbestellt",
      stoppedMessage: "Sie erhalten keine E-Mails über Antworten mehr.",
    },
  },
  fr: {
    language: { lang: "fr", dir: "ltr", wrote: "{by} a écrit :" },
    confirm: {
      subject: "Confirmez les avis de réponse de {site}",
      title: "Recevoir un e-mail quand quelqu’un vous répond ?",
      asked:
        "Quelqu’un, sans doute vous, a demandé à {site} d’écrire à cette adresse quand son commentaire reçoit une réponse.",
      unless: "Rien ne sera envoyé sans votre confirmation. Si ce n’était pas vous, ignorez cet e-mail.",
      action: "Oui, m’avertir des réponses",
      footer: "Envoyé une seule fois par les commentaires de {site}.",
    },
    reply: {
      subject: "Nouvelle réponse à votre commentaire sur {site}",
      title: "Quelqu’un a répondu à votre commentaire",
      published:
        "Une réponse à votre commentaire sur {site} a été publiée. Elle est citée ci-dessous telle que son auteur l’a écrite.",
      action: "Lire la réponse",
      intro: "La réponse :",
      footer: "Vous recevez ceci parce que vous avez demandé à {site} de vous avertir des réponses.",
      unsubscribe: "Ne plus recevoir les avis de réponse",
    },
    pages: {
      backToArticle: "Revenir à l’article",
      back: "Retour à {site}",
      confirmTitle: "Recevoir les réponses par e-mail ?",
      confirmMessage: "Confirmez que {email} doit recevoir un e-mail quand quelqu’un répond à ses commentaires.",
      confirmButton: "Oui, m’avertir des réponses",
      confirmedTitle: "Confirmé",
      confirmedMessage: "Vous recevrez un e-mail quand quelqu’un vous répondra.",
      stopTitle: "Ne plus recevoir les avis de réponse ?",
      stopMessage: "{email} ne recevra plus d’e-mails sur les réponses.",
      stopButton: "Ne plus recevoir les avis",
      stoppedTitle: "Désabonnement confirmé",
      stoppedMessage: "Vous ne recevrez plus d’e-mails sur les réponses.",
    },
  },
  pt: {
    language: { lang: "pt", dir: "ltr", wrote: "{by} escreveu:" },
    confirm: {
      subject: "Confirme os avisos de respostas de {site}",
      title: "Receber um e-mail quando alguém responder?",
      asked:
        "Alguém, provavelmente você, pediu a {site} que escrevesse para este endereço quando o seu comentário recebesse uma resposta.",
      unless: "Nada será enviado sem a sua confirmação. Se não foi você, ignore este e-mail.",
      action: "Sim, quero receber as respostas",
      footer: "Enviado uma única vez pelos comentários de {site}.",
    },
    reply: {
      subject: "Nova resposta ao seu comentário em {site}",
      title: "Alguém respondeu ao seu comentário",
      published: "Uma resposta ao seu comentário em {site} foi publicada. Ela está citada abaixo como foi escrita.",
      action: "Ler a resposta",
      intro: "A resposta:",
      footer: "Você recebe isto porque pediu a {site} que avisasse sobre respostas.",
      unsubscribe: "Desativar os avisos de respostas",
    },
    pages: {
      backToArticle: "Voltar ao artigo",
      back: "Voltar para {site}",
      confirmTitle: "Receber as respostas por e-mail?",
      confirmMessage: "Confirme que {email} deve receber um e-mail quando alguém responder aos seus comentários.",
      confirmButton: "Sim, quero receber as respostas",
      confirmedTitle: "Confirmado",
      confirmedMessage: "Você receberá um e-mail quando alguém lhe responder.",
      stopTitle: "Parar os avisos de respostas?",
      stopMessage: "{email} não receberá mais e-mails sobre respostas.",
      stopButton: "Parar os avisos",
      stoppedTitle: "Inscrição cancelada",
      stoppedMessage: "Você não receberá mais e-mails sobre respostas.",
    },
  },
  ar: {
    language: { lang: "ar", dir: "rtl", wrote: "كتب {by}:" },
    confirm: {
      subject: "أكّد تلقي إشعارات الردود من {site}",
      title: "هل تريد رسالة عندما يرد عليك أحد؟",
      asked: "طلب أحدهم، وغالبًا أنت، من {site} مراسلة هذا العنوان عندما يتلقى تعليقه ردًا.",
      unless: "لن يُرسل أي شيء ما لم تؤكد. إن لم تكن أنت، فتجاهل هذه الرسالة.",
      action: "نعم، راسلوني بالردود",
      footer: "أُرسلت مرة واحدة من تعليقات {site}.",
    },
    reply: {
      subject: "رد جديد على تعليقك في {site}",
      title: "ردّ أحدهم على تعليقك",
      published: "نُشر رد على تعليقك في {site}. تجده مقتبسًا أدناه كما كتبه صاحبه.",
      action: "اقرأ الرد",
      intro: "الرد:",
      footer: "تصلك هذه الرسالة لأنك طلبت من {site} إبلاغك بالردود.",
      unsubscribe: "إيقاف إشعارات الردود",
    },
    pages: {
      backToArticle: "العودة إلى المقال",
      back: "العودة إلى {site}",
      confirmTitle: "هل تريد تلقي الردود بالبريد؟",
      confirmMessage: "أكّد أن العنوان {email} يجب أن يتلقى رسالة عندما يرد أحد على تعليقاته.",
      confirmButton: "نعم، راسلوني بالردود",
      confirmedTitle: "تم التأكيد",
      confirmedMessage: "ستصلك رسالة عندما يرد عليك أحد.",
      stopTitle: "هل تريد إيقاف رسائل الردود؟",
      stopMessage: "لن تصل إلى {email} رسائل أخرى عن الردود.",
      stopButton: "إيقاف رسائل الردود",
      stoppedTitle: "أُلغي الاشتراك",
      stoppedMessage: "لن تصلك رسائل أخرى عن الردود.",
    },
  },
};

/** The reader emails in `locale` (English for none), `{site}` filled in. */
export function readerMail(locale: string | null | undefined, site: string): ReaderMailStrings {
  const strings = READER_MAIL[(locale ?? "en") as Locale] ?? READER_MAIL.en;
  const fill = (o: Record<string, string>) =>
    Object.fromEntries(Object.entries(o).map(([k, v]) => [k, v.replace(/\{site\}/g, () => site)]));
  return {
    language: strings.language,
    confirm: fill(strings.confirm) as ReaderMailStrings["confirm"],
    reply: fill(strings.reply) as ReaderMailStrings["reply"],
    pages: strings.pages,
  };
}
